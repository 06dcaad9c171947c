# Golden values for tests/survey: R's survey package on the API data.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_goldens.R
# It reads tests/data/api/*.csv (copies of /work/shared/reference) and writes
# tests/survey/goldens/goldens.json with 17 significant digits (full double precision).
# Made with R 4.2 and survey 4.1.1 (see "meta" in the JSON).
suppressMessages({
  library(survey)
  library(jsonlite)
})

api <- function(name) read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
apisrs <- api("apisrs")
apistrat <- api("apistrat")
apiclus1 <- api("apiclus1")
apiclus2 <- api("apiclus2")
apiclus1$sch_yes <- as.numeric(apiclus1$sch.wide == "Yes")
apistrat$sch_yes <- as.numeric(apistrat$sch.wide == "Yes")

# One estimate table: names, estimate, se, ci (normal unless df given), optional deff.
stat <- function(x, df = Inf) {
  ci <- confint(x, df = df)
  out <- list(names = names(coef(x)), estimate = unname(coef(x)), se = unname(SE(x)),
              ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
  d <- attr(x, "deff")
  if (!is.null(d)) out$deff <- unname(if (is.matrix(d)) diag(d) else d)
  out
}
byst <- function(x) {
  ci <- confint(x)
  out <- list(names = names(coef(x)), estimate = unname(coef(x)),
              se = unname(as.vector(as.matrix(SE(x)))),
              ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
  d <- tryCatch(deff(x), error = function(e) NULL)
  if (!is.null(d)) out$deff <- unname(as.vector(as.matrix(d)))
  out
}
ratio <- function(x) {
  ci <- confint(x)
  list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(SE(x))),
       ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
}
glmtab <- function(m) {
  s <- summary(m)$coefficients
  ci <- confint(m)
  list(names = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]),
       p = unname(s[, 4]), ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]),
       df_residual = m$df.residual)
}
ciprop <- function(x) {
  list(estimate = unname(as.vector(x)), se = unname(sqrt(as.vector(attr(x, "var")))),
       ci_low = unname(attr(x, "ci")[1]), ci_high = unname(attr(x, "ci")[2]))
}
chisq <- function(x) {
  list(F = unname(x$statistic), ndf = unname(x$parameter[1]), ddf = unname(x$parameter[2]),
       p = unname(x$p.value))
}

g <- list(meta = list(R = R.version.string, survey = as.character(packageVersion("survey"))))

# Simple random sample with fpc.
dsrs <- svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs)
g$srs <- list(
  mean_api00 = stat(svymean(~api00, dsrs, deff = TRUE)),
  total_enroll = stat(svytotal(~enroll, dsrs, deff = TRUE)),
  mean_stype = stat(svymean(~stype, dsrs)),
  mean_acsk3_narm = stat(svymean(~acs.k3, dsrs, na.rm = TRUE))
)
# fpc given as sampling fraction instead of population size.
apisrs$frac <- 200 / apisrs$fpc
g$srs_fraction <- list(mean_api00 = stat(svymean(~api00,
  svydesign(id = ~1, weights = ~pw, fpc = ~frac, data = apisrs))))
# No weights, no fpc: R assumes weight 1.
g$srs_noweights <- list(total_enroll = stat(suppressWarnings(svytotal(~enroll,
  svydesign(id = ~1, data = apisrs)))))

# Stratified with fpc.
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
g$strat <- list(
  mean_api00 = stat(svymean(~api00, dstrat, deff = TRUE)),
  total_enroll = stat(svytotal(~enroll, dstrat, deff = TRUE)),
  mean_ell_meals = stat(svymean(~ell + meals, dstrat)),
  mean_schwide = stat(svymean(~sch.wide, dstrat, deff = TRUE)),
  total_schwide = stat(svytotal(~sch.wide, dstrat)),
  by_api00_awards = byst(svyby(~api00, ~awards, dstrat, svymean, deff = TRUE)),
  by_total_enroll_awards = byst(svyby(~enroll, ~awards, dstrat, svytotal)),
  by_acs46_awards_narm = byst(svyby(~acs.46, ~awards, dstrat, svymean, na.rm = TRUE)),
  ratio = ratio(svyratio(~api.stu, ~enroll, dstrat)),
  ciprop_logit = ciprop(svyciprop(~I(sch.wide == "Yes"), dstrat, method = "logit")),
  ciprop_beta = ciprop(svyciprop(~I(sch.wide == "Yes"), dstrat, method = "beta")),
  chisq_schwide_awards = chisq(svychisq(~sch.wide + awards, dstrat, statistic = "F")),
  glm_binomial = glmtab(svyglm(sch_yes ~ ell + meals + mobility, design = dstrat,
                               family = quasibinomial())),
  degf = degf(dstrat)
)

# One-stage cluster sample, with and without fpc.
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dclus1n <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
g$clus1 <- list(
  mean_api00 = stat(svymean(~api00, dclus1, deff = TRUE)),
  total_enroll = stat(svytotal(~enroll, dclus1, deff = TRUE)),
  total_stype = stat(svytotal(~stype, dclus1)),
  mean_stype = stat(svymean(~stype, dclus1, deff = TRUE)),
  ratio = ratio(svyratio(~api.stu, ~enroll, dclus1)),
  by_ratio_stype = byst(svyby(~api.stu, ~stype, denominator = ~enroll, design = dclus1,
                              FUN = svyratio)),
  by_ell_meals_stype = byst(svyby(~ell + meals, ~stype, dclus1, svymean)),
  by_schwide_stype = byst(svyby(~sch.wide, ~stype, dclus1, svymean)),
  by_avged_stype_narm = byst(svyby(~avg.ed, ~stype, dclus1, svymean, na.rm = TRUE)),
  crosstab = stat(svymean(~interaction(stype, sch.wide), dclus1)),
  ciprop_logit = ciprop(svyciprop(~I(stype == "E"), dclus1, method = "logit")),
  ciprop_beta = ciprop(svyciprop(~I(stype == "E"), dclus1, method = "beta")),
  ciprop_logit90 = ciprop(svyciprop(~I(stype == "H"), dclus1, method = "logit", level = 0.9)),
  chisq_stype_schwide = chisq(svychisq(~stype + sch.wide, dclus1, statistic = "F")),
  chisq_stype_awards = chisq(svychisq(~stype + awards, dclus1, statistic = "F")),
  glm_gaussian = glmtab(svyglm(api00 ~ ell + meals, design = dclus1)),
  glm_gaussian_stype = glmtab(svyglm(api00 ~ ell + meals + stype, design = dclus1)),
  glm_binomial = glmtab(svyglm(sch_yes ~ ell + meals + stype, design = dclus1,
                               family = quasibinomial())),
  glm_gaussian_narm = glmtab(svyglm(api00 ~ ell + avg.ed, design = dclus1)),
  degf = degf(dclus1)
)
# Missing values in a table variable: svychisq drops them (na.rm=TRUE), N counts every row.
apiclus1_na <- apiclus1
apiclus1_na$sch.wide[c(4, 8)] <- NA
g$clus1_na <- list(chisq_stype_schwide = chisq(svychisq(~stype + sch.wide,
  svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1_na), statistic = "F")))
g$clus1_nofpc <- list(
  mean_api00 = stat(svymean(~api00, dclus1n)),
  total_enroll = stat(svytotal(~enroll, dclus1n)),
  glm_gaussian = glmtab(svyglm(api00 ~ ell + meals, design = dclus1n))
)

# Two-stage cluster sample: ultimate-cluster variance (no fpc at later stages).
dclus2 <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
dclus2f <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2)
g$clus2 <- list(
  mean_api00 = stat(svymean(~api00, dclus2)),
  total_enroll_narm = stat(svytotal(~enroll, dclus2, na.rm = TRUE)),
  by_api00_stype = byst(svyby(~api00, ~stype, dclus2, svymean))
)
g$clus2_fpc1 <- list(
  mean_api00 = stat(svymean(~api00, dclus2f)),
  total_enroll_narm = stat(svytotal(~enroll, dclus2f, na.rm = TRUE))
)

# Calibration of the one-stage cluster design.
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop_types)
drake <- rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide))
g$poststrat <- list(
  mean_api00 = stat(svymean(~api00, dps)),
  total_enroll = stat(svytotal(~enroll, dps)),
  total_stype = stat(svytotal(~stype, dps)),
  by_api00_schwide = byst(svyby(~api00, ~sch.wide, dps, svymean)),
  glm_gaussian = glmtab(svyglm(api00 ~ ell + meals, design = dps)),
  weights = unname(weights(dps))
)
g$rake <- list(
  mean_api00 = stat(svymean(~api00, drake)),
  total_enroll = stat(svytotal(~enroll, drake)),
  mean_schwide = stat(svymean(~sch.wide, drake)),
  by_api00_stype = byst(svyby(~api00, ~stype, drake, svymean)),
  ratio = ratio(svyratio(~api.stu, ~enroll, drake)),
  crosstab_stype_awards = stat(svymean(~interaction(stype, awards), drake)),
  chisq_stype_awards = chisq(svychisq(~stype + awards, drake, statistic = "F")),
  glm_gaussian = glmtab(svyglm(api00 ~ ell + meals, design = drake)),
  weights = unname(weights(drake))
)

# Lonely PSUs: apistrat stratified by county, each school its own PSU (13 one-school counties).
for (rule in c("remove", "adjust", "certainty", "average")) {
  options(survey.lonely.psu = rule)
  dl <- svydesign(id = ~1, strata = ~cname, weights = ~pw, data = apistrat)
  g[[paste0("lonely_", rule)]] <- list(
    mean_api00 = stat(svymean(~api00, dl)),
    total_enroll = stat(svytotal(~enroll, dl)),
    by_api00_stype = byst(svyby(~api00, ~stype, dl, svymean))
  )
  # With clusters: districts within counties (lonely counties have one district).
  dlc <- svydesign(id = ~dnum, strata = ~cname, weights = ~pw, data = apistrat, nest = TRUE)
  g[[paste0("lonely_clustered_", rule)]] <- list(
    mean_stype = stat(svymean(~stype, dlc)),
    by_api00_stype = byst(svyby(~api00, ~stype, dlc, svymean)),
    by_schwide_stype = byst(svyby(~sch.wide, ~stype, dlc, svymean))
  )
}
options(survey.lonely.psu = "fail")

# Proportion intervals by domain: svyby calls svyciprop on design[by == d, ], so each
# domain has its own degf and nrow. Shares of 0 or 1 (yr.rnd by stype on dclus1) and
# single-PSU domains (dnum on dclus1) give NaN (beta) or the point (logit) in R.
byciprop <- function(formula, by, design, method, ...) {
  x <- suppressWarnings(svyby(formula, by, design, svyciprop, method = method,
                              vartype = c("se", "ci"), ...))
  list(names = rownames(x), estimate = unname(x[[2]]), se = unname(x[[3]]),
       ci_low = unname(x$ci_l), ci_high = unname(x$ci_u))
}
dclus1_na <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1_na)
g$ciprop_by <- list()
for (m in c("logit", "beta")) {
  g$ciprop_by[[m]] <- list(
    clus1_schwide_stype = byciprop(~I(sch.wide == "Yes"), ~stype, dclus1, m),
    strat_schwide_stype = byciprop(~I(sch.wide == "Yes"), ~stype, dstrat, m),
    strat_schwide_yrrnd90 = byciprop(~I(sch.wide == "Yes"), ~yr.rnd, dstrat, m, level = 0.9),
    clus1_yrrnd_yes_stype = byciprop(~I(yr.rnd == "Yes"), ~stype, dclus1, m),
    clus1_yrrnd_no_stype = byciprop(~I(yr.rnd == "No"), ~stype, dclus1, m),
    clus1_schwide_dnum = byciprop(~I(sch.wide == "Yes"), ~dnum, dclus1, m),
    clus1_na_schwide_stype = byciprop(~I(sch.wide == "Yes"), ~stype, dclus1_na, m, na.rm = TRUE),
    poststrat_schwide_stype = byciprop(~I(sch.wide == "Yes"), ~stype, dps, m),
    clus1_zero = ciprop(suppressWarnings(svyciprop(~I(sch_yes == 2), dclus1, method = m)))
  )
}

# jsonlite prints at most 15 significant digits: write numbers verbatim with 17.
num17 <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
full <- function(x) {
  if (is.list(x)) return(lapply(x, full))
  if (is.numeric(x)) {
    x <- as.vector(x)
    txt <- if (length(x) == 1) num17(x) else paste0("[", paste(num17(x), collapse = ", "), "]")
    return(structure(txt, class = "json"))
  }
  x
}
write(toJSON(full(g), auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE),
      file.path("tests", "survey", "goldens", "goldens.json"))
