# Golden values for the R-parity tests of tests/survey (issue 14): multistage
# designs, replicate-weight designs, quantiles, svyvar, svyttest.
#
# Run from the repository root:
#     Rscript tests/survey/goldens/make_parity_goldens.R
# It reads tests/data/api/*.csv and writes tests/survey/goldens/parity.json
# (17 significant digits) and tests/survey/goldens/bootstrap_replicates.csv (the
# bootstrap replicate weights R drew, so the tests do not depend on the draw).
source(file.path("tests", "survey", "goldens", "common.R"))  # packages and the API samples

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

# ---- replicate designs ------------------------------------------------------------
apiclus1$sch_yes <- as.numeric(apiclus1$sch.wide == "Yes")
apistrat$sch_yes <- as.numeric(apistrat$sch.wide == "Yes")
glmtab <- function(m) {
  s <- summary(m)$coefficients
  list(names = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]),
       p = unname(s[, 4]), df_residual = m$df.residual)
}
repset <- function(d) list(
  mean_api00 = est(svymean(~api00, d)),
  total_enroll = est(svytotal(~enroll, d)),
  mean_stype = est(svymean(~stype, d)),
  ratio = est(svyratio(~api00, ~api99, d)),
  by_stype = est(svyby(~api00, ~stype, d, svymean)),
  glm_gaussian = glmtab(svyglm(api00 ~ ell + meals, d)),
  glm_binomial = glmtab(svyglm(sch_yes ~ ell + meals, d, family = quasibinomial)),
  degf = degf(d)
)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
rjk1 <- as.svrepdesign(dclus1, type = "JK1")
rjkn <- as.svrepdesign(dstrat, type = "JKn")
# Two PSUs per stratum for BRR: the schools of each type split by the parity of their row.
apistrat$pair <- paste0(apistrat$stype, ave(seq_len(nrow(apistrat)), apistrat$stype,
                                            FUN = function(i) seq_along(i) %% 2))
dpair <- svydesign(id = ~pair, strata = ~stype, weights = ~pw, data = apistrat)
rbrr <- as.svrepdesign(dpair, type = "BRR")
rfay <- as.svrepdesign(dpair, type = "Fay", fay.rho = 0.3)
g$jk1 <- repset(rjk1)
g$jkn <- repset(rjkn)
g$brr <- repset(rbrr)
g$fay <- repset(rfay)
g$fay$factors <- unname(as.matrix(rfay$repweights$weights))
g$jk1$mse_mean_api00 <- est(svymean(~api00, as.svrepdesign(dclus1, type = "JK1", mse = TRUE)))
g$jk1$glm_narm <- glmtab(svyglm(acs.k3 ~ meals, rjk1))  # rows with NA dropped; degf of the whole

# Bootstrap: the replicate factors R drew are exported, the tests read them back.
set.seed(20261206)
rboot <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)
boot <- as.matrix(rboot$repweights)
jk1 <- as.matrix(rjk1$repweights)
colnames(boot) <- paste0("boot", seq_len(ncol(boot)))
colnames(jk1) <- paste0("jk", seq_len(ncol(jk1)))
write.csv(cbind(boot, jk1), file.path("tests", "survey", "goldens", "replicate_factors.csv"),
          row.names = FALSE)
g$bootstrap <- repset(rboot)
g$bootstrap$scale <- rboot$scale
# The same factors through svrepdesign (default bootstrap scale 1/(R-1)).
clus1rep <- cbind(apiclus1, boot * apiclus1$pw, jk1 * apiclus1$pw)
g$bootstrap_svrep <- repset(svrepdesign(data = clus1rep, weights = ~pw, repweights = "^boot",
                                        type = "bootstrap"))
# ESS-style: published combined JK1 weights, explicit scale, mse = TRUE.
ess <- svrepdesign(data = clus1rep, weights = ~pw, repweights = "^jk", type = "JK1",
                   scale = rjk1$scale, mse = TRUE)
g$ess <- repset(ess)
g$ess$scale <- rjk1$scale
g$with_replicates <- est(withReplicates(rjk1, function(w, data)
  c(sum(w * data$api00) / sum(w * data$api99), sum(w * data$enroll, na.rm = TRUE))))

# ---- quantiles, variances, t tests --------------------------------------------------
quant <- function(q) {
  x <- q[[1]]
  list(estimate = unname(x[, 1]), ci_low = unname(x[, 2]), ci_high = unname(x[, 3]),
       se = unname(x[, 4]))
}
q_by <- svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, ci = TRUE, vartype = c("se", "ci"))
g$quantile <- list(
  mean = quant(svyquantile(~api00, dclus1, c(0.25, 0.5, 0.9))),
  xlogit = quant(svyquantile(~api00, dclus1, c(0.25, 0.5), interval.type = "xlogit")),
  asin = quant(svyquantile(~api00, dclus1, c(0.25, 0.5), interval.type = "asin")),
  beta = quant(svyquantile(~api00, dclus1, c(0.25, 0.5), interval.type = "beta")),
  conf90 = quant(svyquantile(~api00, dclus1, 0.5, alpha = 0.1)),
  strat_narm = quant(svyquantile(~acs.k3, dstrat, c(0.1, 0.5), na.rm = TRUE)),
  twostage = quant(svyquantile(~api00, d2, 0.5)),
  by_stype = list(estimate = q_by$api00, se = q_by$se.api00, ci_low = q_by$ci_l,
                  ci_high = q_by$ci_u),
  jk1_quantile = quant(suppressWarnings(svyquantile(~api00, rjk1, c(0.25, 0.5),
                                                    interval.type = "quantile"))),
  jk1_mean = quant(svyquantile(~api00, rjk1, 0.5)),
  boot_quantile = quant(svyquantile(~api00, rboot, 0.5, interval.type = "quantile"))
)
svar <- function(x) list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(SE(x))))
v_by <- svyby(~api00, ~stype, dclus1, svyvar)
g$svyvar <- list(
  clus1 = svar(svyvar(~api00, dclus1)),
  clus1_api99 = svar(svyvar(~api99, dclus1)),
  narm = svar(svyvar(~acs.k3, dclus1, na.rm = TRUE)),
  by_stype = list(estimate = unname(coef(v_by)), se = unname(SE(v_by))),
  jk1 = svar(svyvar(~api00, rjk1)),
  strat = svar(svyvar(~api00, dstrat))
)
tt <- function(x) list(estimate = unname(x$estimate), statistic = unname(x$statistic),
                       df = unname(x$parameter), p = unname(x$p.value),
                       ci_low = x$conf.int[1], ci_high = x$conf.int[2])
g$ttest <- list(
  two_group = tt(svyttest(api00 ~ sch.wide, dclus1)),
  one_sample = tt(svyttest(growth ~ 0, dclus1)),
  strat = tt(svyttest(api00 ~ sch_yes, dstrat)),
  jk1 = tt(svyttest(api00 ~ sch.wide, rjk1))
)

# ---- calibrate and trimWeights ------------------------------------------------------
pop <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122, api99 = 3914069)
calset <- function(calfun, bounds) {
  d <- calibrate(dclus1, ~stype + sch.wide + api99, pop, calfun = calfun, bounds = bounds)
  list(mean_api00 = est(svymean(~api00, d)), total_enroll = est(svytotal(~enroll, d)),
       mean_stype = est(svymean(~stype, d)), weights = unname(weights(d)))
}
g$calibrate <- list(
  linear = calset("linear", c(-Inf, Inf)),
  linear_bounded = calset("linear", c(0.45, 2)),
  raking = calset("raking", c(-Inf, Inf)),
  raking_bounded = calset("raking", c(0.45, 1.9)),
  logit = calset("logit", c(0.4, 2.2))
)
repcal <- function(calfun, bounds) {
  d <- calibrate(rjk1, ~stype + sch.wide + api99, pop, calfun = calfun, bounds = bounds)
  list(mean_api00 = est(svymean(~api00, d)), total_enroll = est(svytotal(~enroll, d)),
       weights = unname(weights(d, "sampling")))
}
g$calibrate$jk1_linear <- repcal("linear", c(-Inf, Inf))
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
g$calibrate$jk1_poststratify <- est(svymean(~api00, postStratify(rjk1, ~stype, pop_types)))
pop_schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
g$calibrate$jk1_rake <- est(svymean(~api00, rake(rjk1, list(~stype, ~sch.wide),
                                                 list(pop_types, pop_schwide))))
g$calibrate$jk1_raking <- repcal("raking", c(-Inf, Inf))
g$calibrate$jk1_logit <- repcal("logit", c(0.4, 2.2))
trimset <- function(d) list(mean_api00 = est(svymean(~api00, d)), weights = unname(weights(d)))
g$trim <- list(
  once = trimset(trimWeights(dstrat, upper = 40, lower = 16)),
  strict = trimset(trimWeights(d2, upper = 60, lower = 20, strict = TRUE)),
  strict_once = trimset(trimWeights(d2, upper = 60, lower = 20))
)

# ---- models: poisson / quasipoisson, aliasing, predict, regTermTest, svycontrast ----
apiclus1$em <- apiclus1$ell + apiclus1$meals
apiclus1$stypex <- factor(apiclus1$stype, levels = c("E", "H", "M", "X"))
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
mqp <- svyglm(enroll ~ stype + meals, dclus1, family = quasipoisson)
mint <- svyglm(api00 ~ stype * meals + ell, dclus1)
ma <- svyglm(api00 ~ ell + meals + em, dclus1)
pred <- function(x) list(estimate = unname(as.vector(coef(x))), se = unname(as.vector(SE(x))))
newd <- data.frame(stype = c("E", "H", "M"), meals = c(20, 80, 50))
rtt <- function(x) list(statistic = unname(as.vector(if (is.null(x$Ftest)) x$chisq else x$Ftest)),
                        ndf = x$df, ddf = x$ddf, p = unname(as.vector(x$p)))
g$models <- list(
  quasipoisson = glmtab(mqp),
  poisson_strat = glmtab(svyglm(enroll ~ ell + meals, dstrat, family = poisson)),
  poisson_jk1 = glmtab(svyglm(enroll ~ stype + meals, rjk1, family = poisson)),
  aliased = c(glmtab(ma), list(coef_full = unname(coef(ma, na.rm = FALSE)))),
  unused_level = glmtab(svyglm(api00 ~ stypex, dclus1)),
  predict_link = pred(predict(mqp, newdata = newd, type = "link")),
  predict_response = pred(predict(mqp, newdata = newd, type = "response")),
  wald_stype = rtt(regTermTest(mqp, ~stype)),
  wald_interaction = rtt(regTermTest(mint, ~meals:stype)),
  wald_two_terms = rtt(regTermTest(mint, ~stype + stype:meals)),
  wald_chisq = rtt(regTermTest(mqp, ~stype, df = Inf)),
  contrast = est(svycontrast(mqp, c(stypeH = 1, stypeM = -1)))
)

# ---- svyciprop methods mean / xlogit / asin -----------------------------------------
cip <- function(x) list(estimate = unname(as.vector(x)), ci_low = unname(attr(x, "ci")[1]),
                        ci_high = unname(attr(x, "ci")[2]))
cip_by <- function(x) list(estimate = unname(x[[2]]), ci_low = x$ci_l, ci_high = x$ci_u)
g$ciprop <- list()
for (m in c("mean", "xlogit", "asin")) {
  g$ciprop[[m]] <- cip(svyciprop(~I(sch.wide == "Yes"), dclus1, method = m))
  g$ciprop[[paste0(m, "_strat90")]] <- cip(svyciprop(~I(stype == "H"), dstrat, method = m,
                                                     level = 0.9))
  g$ciprop[[paste0(m, "_by")]] <- cip_by(svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop,
                                               method = m, vartype = "ci"))
}

for (m in c("logit", "beta", "xlogit")) {
  g$ciprop[[paste0(m, "_jk1")]] <- cip(svyciprop(~I(sch.wide == "Yes"), rjk1, method = m))
  g$ciprop[[paste0(m, "_jk1_by")]] <- cip_by(svyby(~I(sch.wide == "Yes"), ~stype, rjk1, svyciprop,
                                                   method = m, vartype = "ci"))
}

# ---- svytable ----------------------------------------------------------------------
t2 <- svytable(~stype + sch.wide, dclus1)
g$svytable <- list(
  two_way = as.vector(t2),  # column-major: stype varies fastest
  one_way_total = as.vector(svytable(~stype, dclus1, Ntotal = 1000)),
  rounded = as.vector(svytable(~stype, dstrat, round = TRUE)),
  na = as.vector(svytable(~acs.k3, dclus1))
)

# ---- svychisq statistics ------------------------------------------------------------
chi <- function(x) list(statistic = as.vector(x$statistic), ndf = unname(x$parameter[1]),
                        ddf = unname(if (length(x$parameter) > 1) x$parameter[2] else Inf),
                        p = as.vector(x$p.value))
g$svychisq <- list()
for (s in c("Chisq", "Wald", "adjWald")) {
  g$svychisq[[s]] <- chi(svychisq(~sch.wide + stype, dclus1, statistic = s))
  g$svychisq[[paste0(s, "_strat")]] <- chi(svychisq(~stype + awards, dstrat, statistic = s))
  g$svychisq[[paste0(s, "_twostage")]] <- chi(svychisq(~stype + sch.wide, d2, statistic = s))
}
sad <- function(x) list(statistic = as.vector(x$statistic), p = as.vector(x$p.value))
g$svychisq$saddlepoint <- sad(svychisq(~sch.wide + stype, dclus1, statistic = "saddlepoint"))
g$svychisq$saddlepoint_strat <- sad(svychisq(~stype + awards, dstrat, statistic = "saddlepoint"))
g$svychisq$saddlepoint_twostage <- sad(svychisq(~stype + sch.wide, d2, statistic = "saddlepoint"))

write(toJSON(g, digits = NA, auto_unbox = TRUE, pretty = TRUE),
      file.path("tests", "survey", "goldens", "parity.json"))
