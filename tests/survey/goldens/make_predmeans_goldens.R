# Golden values for tests/survey/test_predmeans.py (issue 14): predictive marginal
# means, R's svypredmeans (Graubard and Korn 1999), and svycontrast on them.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_predmeans_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/predmeans.json
# (17 significant digits). It needs R's survey (4.1).
#
# svypredmeans(model, ~g) refits `model` with g added; the Python side fits the
# model with g in it. The grouping columns are factors here as in R's data(api)
# (read.csv gives characters, on which svypredmeans cannot set the group).
source(file.path("tests", "survey", "goldens", "common.R"))  # packages and api_designs()

api <- function(name) {
  d <- read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
  d$stype <- factor(d$stype)
  d$awards <- factor(d$awards)
  d$comp.imp <- factor(d$comp.imp)
  d$sch_yes <- as.numeric(d$sch.wide == "Yes")
  d
}
apistrat <- api("apistrat")
apiclus1 <- api("apiclus1")
apiclus2 <- api("apiclus2")
invisible(list2env(api_designs(apistrat, apiclus1, apiclus2), environment()))  # dclus1, dstrat, d2
dpost <- postStratify(dclus1, ~stype, data.frame(stype = factor(c("E", "H", "M")),
                                                 Freq = c(4421, 755, 1018)))
rjk1 <- as.svrepdesign(dclus1, type = "JK1")
rjkn <- as.svrepdesign(dstrat, type = "JKn")

pm <- function(x) {
  ci <- confint(x)
  list(names = names(coef(x)), estimate = unname(as.vector(coef(x))),
       se = unname(as.vector(SE(x))), ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]),
       vcov = unname(as.matrix(vcov(x))))
}

g <- list(meta = list(R = R.version.string, survey = as.character(packageVersion("survey"))))

strat <- svypredmeans(svyglm(api00 ~ ell + meals, design = dstrat), ~stype)
jk1 <- svypredmeans(svyglm(sch_yes ~ meals, design = rjk1, family = binomial), ~stype)
g$predmeans <- list(
  strat_gaussian = pm(strat),
  twostage_logit = pm(svypredmeans(svyglm(sch_yes ~ ell + meals, design = d2,
                                          family = quasibinomial), ~stype)),
  clus1_poisson = pm(svypredmeans(svyglm(enroll ~ ell + meals, design = dclus1,
                                         family = poisson), ~stype)),
  strat_compimp_logit = pm(svypredmeans(svyglm(sch_yes ~ meals, design = dstrat,
                                               family = quasibinomial), ~comp.imp)),
  jkn_gaussian = pm(svypredmeans(svyglm(api00 ~ ell + meals, design = rjkn), ~stype)),
  jk1_logit = pm(jk1),
  jkn_quasipoisson = pm(svypredmeans(svyglm(enroll ~ meals, design = rjkn,
                                            family = quasipoisson), ~awards)),
  # R's own example from ?svypredmeans
  predictat = pm(svypredmeans(svyglm(api00 ~ mobility + ell + hsg + meals, design = dstrat),
                              ~enroll, predictat = c(100, 300, 1000, 3000))),
  # a calibrated design: the covariates' part takes the calibration residuals
  post = pm(svypredmeans(svyglm(api00 ~ ell + meals, design = dpost), ~stype)),
  # 6 rows of apiclus2 miss enroll: svyglm drops them (weight 0), a domain
  twostage_na = pm(svypredmeans(svyglm(enroll ~ meals, design = d2), ~stype))
)

con <- function(x) {
  ci <- confint(x)
  list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(SE(x))),
       ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
}
g$contrast <- list(
  e_minus_m = con(svycontrast(strat, c(E = 1, M = -1))),
  ratio = con(svycontrast(jk1, quote(E / H)))
)

write(toJSON(g, digits = NA, auto_unbox = TRUE, pretty = TRUE),
      file.path("tests", "survey", "goldens", "predmeans.json"))
