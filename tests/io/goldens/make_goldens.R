# Golden values for tests/io/test_external_files.py, read by R (haven and foreign),
# independently of pyreadstat. Run from the repository root:
#   Rscript tests/io/goldens/make_goldens.R
# It writes tests/io/goldens/external_files.json. The tests never run R.
suppressPackageStartupMessages({
  library(haven)
  library(foreign)
  library(jsonlite)
})

dir <- "tests/data/external_files"

describe_haven <- function(df) {
  cols <- names(df)
  list(
    nrow = nrow(df),
    names = cols,
    variable_labels = Filter(Negate(is.null), lapply(setNames(cols, cols), function(v) attr(df[[v]], "label", exact = TRUE))),
    value_labels = Filter(Negate(is.null), lapply(setNames(cols, cols), function(v) {
      lab <- attr(df[[v]], "labels", exact = TRUE)
      if (is.null(lab)) NULL else list(codes = unname(unclass(lab)), labels = names(lab))
    })),
    na_values = Filter(Negate(is.null), lapply(setNames(cols, cols), function(v) {
      na <- attr(df[[v]], "na_values", exact = TRUE)
      if (is.null(na)) NULL else as.list(na)
    })),
    na_range = Filter(Negate(is.null), lapply(setNames(cols, cols), function(v) attr(df[[v]], "na_range", exact = TRUE))),
    date_columns = I(cols[vapply(df, inherits, logical(1), what = "Date")]),
    head = lapply(df[1:3, , drop = FALSE], function(x) {
      x <- zap_labels(x, user_na = TRUE)  # keeps user-missing codes as values
      if (inherits(x, "Date")) format(x) else unclass(x)
    })
  )
}

# foreign lists the continuation segments of a long string (e.g. STRIN0 for string_500)
# as variables of their own; only the variable labels and label-table sizes are used.
describe_foreign <- function(path) {
  x <- suppressWarnings(read.spss(path, to.data.frame = FALSE, use.value.labels = FALSE,
                                  reencode = TRUE))
  list(
    nrow = length(x[[1]]),
    variable_labels = as.list(attr(x, "variable.labels")),
    label_table_sizes = lapply(attr(x, "label.table"), length)
  )
}

# A Stata file written by haven with extended missing values .a (don't know) and .b
# (refused) and a value label on .a; committed beside the Debian files.
tagged <- data.frame(
  q1 = labelled(c(1, 2, tagged_na("a"), NA, tagged_na("b")),
                c(yes = 1, no = 2, "don't know" = tagged_na("a")), label = "Trust in police")
)
write_dta(tagged, file.path(dir, "haven_tagged_missing.dta"), version = 14)
tagged_back <- read_dta(file.path(dir, "haven_tagged_missing.dta"))
labs <- attr(tagged_back$q1, "labels")

goldens <- list(
  r_version = R.version.string,
  haven_version = as.character(packageVersion("haven")),
  foreign_version = as.character(packageVersion("foreign")),
  files = list(
    electric.sav = list(
      haven = describe_haven(read_sav(file.path(dir, "electric.sav"), user_na = TRUE)),
      foreign = describe_foreign(file.path(dir, "electric.sav"))
    ),
    testdata.sav = list(
      haven = describe_haven(read_sav(file.path(dir, "testdata.sav"), user_na = TRUE)),
      foreign = describe_foreign(file.path(dir, "testdata.sav"))
    ),
    iris.sav = list(haven = describe_haven(read_sav(file.path(dir, "iris.sav"), user_na = TRUE))),
    iris.dta = list(haven = describe_haven(read_dta(file.path(dir, "iris.dta")))),
    haven_tagged_missing.dta = list(haven = list(
      nrow = nrow(tagged_back),
      variable_label = attr(tagged_back$q1, "label"),
      values = unclass(zap_labels(tagged_back$q1)),  # every missing value is NA here
      na_tags = na_tag(tagged_back$q1),               # "a"/"b" for .a/.b, NA for plain "."
      label_codes = ifelse(is.na(labs), paste0(".", na_tag(labs)), as.character(unclass(labs))),
      label_names = names(labs)
    ))
  )
)

write_json(goldens, "tests/io/goldens/external_files.json", auto_unbox = TRUE, pretty = TRUE,
           digits = NA, null = "null", na = "null")
