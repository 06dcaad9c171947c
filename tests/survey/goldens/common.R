# Shared by the golden scripts of tests/survey (source it from the repository root):
# the R packages and the California API samples of tests/data/api as data frames.
suppressMessages({
  library(survey)
  library(jsonlite)
})

api <- function(name) read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
apistrat <- api("apistrat")
apiclus1 <- api("apiclus1")
apiclus2 <- api("apiclus2")

# The three designs most goldens use (one-stage cluster, stratified, two-stage with fpc),
# from the samples given (a script may read them with its own column types).
api_designs <- function(apistrat, apiclus1, apiclus2) list(
  dclus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1),
  dstrat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat),
  d2 = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
)
