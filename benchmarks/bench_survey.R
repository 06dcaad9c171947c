# R survey timings for benchmarks/bench_survey.py (same data, same operations).
# First write the data:  .venv/bin/python benchmarks/bench_survey.py --write-csv /tmp/bench_survey.csv
# Then:                  Rscript benchmarks/bench_survey.R /tmp/bench_survey.csv [repeats] ["op;op"]
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) >= 1) args[1] else "/tmp/bench_survey.csv"
repeats <- if (length(args) >= 2) as.integer(args[2]) else 5L
data <- read.csv(path)
design <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = data, nest = TRUE)
ops <- list(
  "mean" = function() svymean(~y, design),
  "mean by 5-level domain" = function() svyby(~y, ~domain, design, svymean),
  "5-level proportions" = function() svymean(~cat, design),
  "5x5 crosstab + Rao-Scott F" = function() {
    svymean(~interaction(cat, domain), design)
    svychisq(~cat + domain, design, statistic = "F")
  },
  "logistic glm, 5 covariates" = function() svyglm(yb ~ x1 + x2 + x3 + x4 + x5, design = design,
                                                    family = quasibinomial())
)
# Issue 14 operations.
k <- c(rep(6, 5), rep(5, 10))  # grouped JKn: jk groups per stratum, 80 replicates
group_stratum <- rep(0:14, k)
repw <- sapply(seq_along(group_stratum) - 1, function(r) {
  h <- group_stratum[r + 1]
  f <- ifelse(data$stratum == h, k[h + 1] / (k[h + 1] - 1), 1)
  f[data$jkgroup == r] <- 0
  data$weight * f
})
rdesign <- svrepdesign(data = data, weights = ~weight, repweights = repw, type = "JKn",
                       rscales = (k[group_stratum + 1] - 1) / k[group_stratum + 1],
                       combined.weights = TRUE)
rm(repw)
data$stratumf <- factor(data$stratum)
design <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = data, nest = TRUE)
tab <- function(v) table(data[[v]]) * 120
pop <- unname(c(nrow(data) * 120, tab("domain")[-1], tab("cat")[-1], tab("stratumf")[-1]))
ops <- c(ops, list(
  "mean, 80 JKn replicate weights" = function() svymean(~y, rdesign),
  "median with Woodruff interval" = function() svyquantile(~y, design, 0.5),
  "raking on 3 margins" = function() calibrate(design, ~domain + cat + stratumf, pop,
                                               calfun = "raking"),
  "quasipoisson glm, 5 covariates" = function() svyglm(count ~ x1 + x2 + x3 + x4 + x5,
                                                       design = design, family = quasipoisson())
))
only <- if (length(args) >= 3) strsplit(args[3], ";")[[1]] else names(ops)
ops <- ops[only]
cat(sprintf("R %s, survey %s; median of %d runs\n\n", getRversion(), packageVersion("survey"), repeats))
cat("| operation | R survey (ms) |\n|---|---:|\n")
for (name in names(ops)) {
  times <- replicate(repeats, system.time(ops[[name]]())[["elapsed"]])
  cat(sprintf("| %s | %.0f |\n", name, 1000 * median(times)))
}
