# Golden values for the inference tests of tests/survey (issue 14): svyciprop's
# likelihood interval, svychisq(statistic = "lincom"), svyby(covmat = TRUE) and
# svycontrast on estimates.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_inference_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/inference.json
# (17 significant digits). It needs R's survey (4.1) and CompQuadForm (for lincom:
# without it survey silently falls back to the saddlepoint, so the script stops; Debian does
# not package it: R CMD INSTALL its CRAN source tarball, or run with R_LIBS pointing to it).
source(file.path("tests", "survey", "goldens", "common.R"))  # packages, the API samples, api_designs()
if (!requireNamespace("CompQuadForm", quietly = TRUE))
  stop("install.packages('CompQuadForm'): svychisq(statistic = 'lincom') needs it")

invisible(list2env(api_designs(apistrat, apiclus1, apiclus2), environment()))  # dclus1, dstrat, d2
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

# ---- svyby(covmat = TRUE) and svycontrast ------------------------------------------
cov_of <- function(x) list(names = names(coef(x)), estimate = unname(as.vector(coef(x))),
                           vcov = unname(as.matrix(vcov(x))))
con <- function(x) {
  ci <- confint(x)
  list(names = names(coef(x)), estimate = unname(as.vector(coef(x))),
       se = unname(as.vector(SE(x))), ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]),
       vcov = unname(as.matrix(vcov(x))))
}
by_mean <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
by_two <- svyby(~api00 + api99, ~stype, dclus1, svymean, covmat = TRUE)
by_total <- svyby(~enroll, ~stype, dstrat, svytotal, covmat = TRUE)
by_factor <- svyby(~sch.wide, ~stype, dclus1, svymean, covmat = TRUE)
by_ratio <- svyby(~api00, ~stype, dclus1, svyratio, denominator = ~api99, covmat = TRUE)
by_two_way <- svyby(~api00, ~stype + sch.wide, dstrat, svymean, covmat = TRUE)
by_twostage <- svyby(~api00, ~stype, d2, svymean, covmat = TRUE)
by_jk1 <- svyby(~api00, ~stype, rjk1, svymean, covmat = TRUE)
by_jk1_total <- svyby(~enroll, ~stype, rjk1, svytotal, covmat = TRUE)
by_jkn_factor <- svyby(~sch.wide, ~stype, rjkn, svymean, covmat = TRUE)
by_jk1_ratio <- svyby(~api00, ~stype, rjk1, svyratio, denominator = ~api99, covmat = TRUE)
two <- svymean(~api00 + api99, dclus1)
g$covmat <- list(
  mean = cov_of(by_mean), two = cov_of(by_two), total = cov_of(by_total),
  factor = cov_of(by_factor), ratio = cov_of(by_ratio), two_way = cov_of(by_two_way),
  twostage = cov_of(by_twostage),
  jk1 = cov_of(by_jk1), jk1_total = cov_of(by_jk1_total), jkn_factor = cov_of(by_jkn_factor),
  jk1_ratio = cov_of(by_jk1_ratio), no_by = cov_of(two)
)
g$contrast <- list(
  e_minus_m = con(svycontrast(by_mean, c(E = 1, M = -1))),
  positional = con(svycontrast(by_mean, c(1, -0.5, -0.5))),
  several = con(svycontrast(by_mean, list(EvM = c(E = 1, M = -1), HvM = c(H = 1, M = -1)))),
  ratio_expr = con(svycontrast(two, quote(api00 / api99))),
  log_expr = con(svycontrast(two, quote(log(api00) - 2 * sqrt(api99)))),
  by_expr = con(svycontrast(by_two, quote(`E:api00` / `E:api99` - `H:api00` / `H:api99`))),
  exp_power = con(svycontrast(by_mean, quote(exp(E / 1000)^2 - M / H))),
  jk1 = con(svycontrast(by_jk1, c(E = 1, M = -1))),
  jk1_expr = con(svycontrast(by_jk1, quote(E / M))),
  total_growth = con(svycontrast(svytotal(~api00 + api99, dclus1), c(api00 = 1, api99 = -1))),
  model_expr = con(svycontrast(svyglm(enroll ~ stype + meals, dclus1, family = quasipoisson),
                               quote(exp(stypeH) - exp(stypeM))))
)

# ---- svyciprop(method = "likelihood") -------------------------------------------------
cip <- function(x) list(estimate = unname(as.vector(x)), ci_low = unname(attr(x, "ci")[1]),
                        ci_high = unname(attr(x, "ci")[2]))
cip_by <- function(x) list(estimate = unname(x[[2]]), ci_low = x$ci_l, ci_high = x$ci_u)
lik <- function(f, d, ...) cip(svyciprop(f, d, method = "likelihood", ...))
lik_by <- function(f, by, d, ...) cip_by(svyby(f, by, d, svyciprop, method = "likelihood",
                                               vartype = "ci", ...))
dpost <- postStratify(dclus1, ~stype, data.frame(stype = c("E", "H", "M"),
                                                 Freq = c(4421, 755, 1018)))
# R gives no likelihood interval on a replicate design (NA limits: the dispersion of a
# svrepglm is not on the deviance's scale), nor for a share fixed by the strata (SE 0).
g$likelihood <- list(
  clus1 = lik(~I(sch.wide == "Yes"), dclus1),
  strat90 = lik(~I(awards == "Yes"), dstrat, level = 0.9),
  rare = lik(~I(awards == "No" & stype == "H"), dstrat),
  by = lik_by(~I(sch.wide == "Yes"), ~stype, dclus1),
  by_strat = lik_by(~I(awards == "Yes"), ~stype, dstrat),
  twostage = lik(~I(sch.wide == "Yes"), d2),
  post = lik(~I(sch.wide == "Yes"), dpost),
  post_by = lik_by(~I(sch.wide == "Yes"), ~stype, dpost),
  na = lik(~I(acs.k3 > 20), dclus1, na.rm = TRUE),
  na_by = lik_by(~I(acs.k3 > 20), ~sch.wide, dclus1, na.rm = TRUE),
  jk1 = lik(~I(sch.wide == "Yes"), rjk1)
)

write(toJSON(g, digits = NA, auto_unbox = TRUE, pretty = TRUE),
      file.path("tests", "survey", "goldens", "inference.json"))
