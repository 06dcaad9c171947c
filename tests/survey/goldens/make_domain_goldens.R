# Golden values for tests/survey/test_empty_domains.py, test_deff.py and
# test_replicate_codebook.py (issue 14): domains without respondents under
# na.rm=TRUE, design effects on every estimator that has one, and a design built
# from published replicate weights (an ESS-style file).
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_domain_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/domain.json
# (17 significant digits) and tests/survey/goldens/published_repweights.csv (the
# JKn replicate weights of a stratified cluster sample, as a data producer
# publishes them; the tests write them into an SPSS file with the design weight).
source(file.path("tests", "survey", "goldens", "common.R"))  # packages and the API samples

est <- function(x) {
  out <- list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(as.matrix(SE(x)))))
  d <- tryCatch(deff(x), error = function(e) NULL)
  if (!is.null(d)) out$deff <- unname(as.vector(as.matrix(d)))
  out
}
g <- list(meta = list(R = R.version.string, survey = as.character(packageVersion("survey"))))

# ---- a domain without respondents ------------------------------------------------
# api00 missing for every middle school (stype M); dom has a level Z with no row.
emp <- apistrat
emp$y <- emp$api00
emp$y[emp$stype == "M"] <- NA
emp$dom <- factor(emp$stype, levels = c("E", "H", "M", "Z"))
emp$yc <- factor(ifelse(is.na(emp$y), NA, ifelse(emp$y > 650, "hi", "lo")))
dl <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = emp)
dr <- as.svrepdesign(dl, type = "JKn")
byset <- function(d, ratio = TRUE) {
  out <- list(
    mean = est(svyby(~y, ~dom, d, svymean, na.rm = TRUE, deff = TRUE)),
    total = est(svyby(~y, ~dom, d, svytotal, na.rm = TRUE, deff = TRUE)),
    mean_levels = est(svyby(~yc, ~dom, d, svymean, na.rm = TRUE)),
    total_levels = est(svyby(~yc, ~dom, d, svytotal, na.rm = TRUE))
  )
  # R's replicate svyratio fails in a domain without respondents (svymean of no rows)
  if (ratio) out$ratio <- est(svyby(~y, ~dom, d, svyratio, denominator = ~enroll, na.rm = TRUE))
  out$domains <- as.character(svyby(~y, ~dom, d, svytotal, na.rm = TRUE)$dom)
  out
}
g$empty <- list(linear = byset(dl), jkn = byset(dr, ratio = FALSE))

# ---- design effects ------------------------------------------------------------------
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
rjk1 <- as.svrepdesign(dclus1, type = "JK1")
deffset <- function(d) {
  r <- coef(svyratio(~api00, ~enroll, d))
  out <- list(
    mean = est(svymean(~api00, d, deff = TRUE)),
    mean_replace = est(svymean(~api00, d, deff = "replace")),
    total = est(svytotal(~enroll, d, deff = TRUE)),
    total_replace = est(svytotal(~enroll, d, deff = "replace")),
    mean_levels = est(svymean(~stype, d, deff = TRUE)),
    crosstab = est(svymean(~interaction(stype, sch.wide), d, deff = TRUE)),
    crosstab_replace = est(svymean(~interaction(stype, sch.wide), d, deff = "replace")),
    by_mean = est(svyby(~api00, ~stype, d, svymean, deff = TRUE)),
    by_total = est(svyby(~enroll, ~stype, d, svytotal, deff = TRUE)),
    # svyratio.svyrep.design's deff=TRUE fails in R 4.1 (rval[i, j] on a list); its
    # intended value is the deff of the total of the residuals, computed here directly.
    ratio_residual_total = est(svytotal(~I(api00 - r * enroll), d, deff = TRUE)),
    ratio_residual_total_replace = est(svytotal(~I(api00 - r * enroll), d, deff = "replace"))
  )
  if (!inherits(d, "svyrep.design")) {
    out$ratio <- est(svyratio(~api00, ~enroll, d, deff = TRUE))
    out$ratio_replace <- est(svyratio(~api00, ~enroll, d, deff = "replace"))
    out$by_ratio <- est(svyby(~api00, ~stype, d, svyratio, denominator = ~enroll, deff = TRUE))
  }
  out
}
g$deff <- list(linear = deffset(dclus1), jk1 = deffset(rjk1))

# ---- published replicate weights (an ESS-style file) --------------------------------
# A stratified cluster sample: school type strata, clusters of districts (dnum mod 8).
pub <- apistrat
pub$cluster <- pub$dnum %% 8
dsc <- svydesign(id = ~cluster, strata = ~stype, nest = TRUE, weights = ~pw, data = pub)
rsc <- as.svrepdesign(dsc, type = "JKn")
repw <- as.data.frame(weights(rsc, "analysis"))
names(repw) <- paste0("repw", seq_along(repw))
write.csv(repw, file.path("tests", "survey", "goldens", "published_repweights.csv"), row.names = FALSE)
# The researcher's side: the file as published, design weight plus replicate weights.
file <- cbind(pub[, c("snum", "stype", "pw", "api00", "enroll", "ell", "meals")], repw)
file$stype <- factor(file$stype, levels = c("E", "H", "M"))
rpub <- svrepdesign(data = file, weights = ~pw, repweights = "^repw", type = "JKn",
                    scale = 1, rscales = rsc$rscales, combined.weights = TRUE)
q <- svyquantile(~api00, rpub, 0.5)[[1]]
g$published <- list(
  rscales = unname(rsc$rscales),
  mean = est(svymean(~api00, rpub)),
  total = est(svytotal(~enroll, rpub)),
  proportions = est(svymean(~stype, rpub)),
  median = list(estimate = unname(q[, 1]), ci_low = unname(q[, 2]), ci_high = unname(q[, 3]),
                se = unname(q[, 4])),
  glm = {
    s <- summary(svyglm(api00 ~ ell + meals, rpub))$coefficients
    list(names = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]), p = unname(s[, 4]))
  }
)

writeLines(toJSON(g, digits = I(17), auto_unbox = TRUE, pretty = TRUE, na = "string"),
           file.path("tests", "survey", "goldens", "domain.json"))
