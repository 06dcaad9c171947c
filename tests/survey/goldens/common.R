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
