# R survey timings for benchmarks/bench_survey.py (same data, same operations).
# First write the data:  .venv/bin/python benchmarks/bench_survey.py --write-csv /tmp/bench_survey.csv
# Then:                  Rscript benchmarks/bench_survey.R /tmp/bench_survey.csv [repeats]
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
cat(sprintf("R %s, survey %s; median of %d runs\n\n", getRversion(), packageVersion("survey"), repeats))
cat("| operation | R survey (ms) |\n|---|---:|\n")
for (name in names(ops)) {
  times <- replicate(repeats, system.time(ops[[name]]())[["elapsed"]])
  cat(sprintf("| %s | %.0f |\n", name, 1000 * median(times)))
}
