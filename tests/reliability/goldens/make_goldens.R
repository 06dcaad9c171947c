# Golden values for tests/reliability from R psych 2.2.9 (Revelle).
# Run from the repository root:  Rscript tests/reliability/goldens/make_goldens.R
# Writes tests/reliability/goldens/{alpha_items.csv, kappa_pairs.csv, goldens.json}.
# The tests read these files; they never run R.
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})
out <- "tests/reliability/goldens"
stopifnot(packageVersion("psych") == "2.2.9")

# --- Cronbach's alpha: a 5-item 1-5 Likert scale, q3 and q5 reverse-keyed, ~4% missing ---
set.seed(20261122)
n <- 240
latent <- rnorm(n)
item <- function(loading, sign = 1) {
  pmin(5, pmax(1, round(3 + sign * loading * latent + rnorm(n, sd = 0.9))))
}
items <- data.frame(q1 = item(1.0), q2 = item(0.8), q3 = item(0.9, -1), q4 = item(0.6), q5 = item(0.7, -1))
for (j in seq_along(items)) items[sample(n, 2), j] <- NA
write.csv(items, file.path(out, "alpha_items.csv"), row.names = FALSE, na = "")
complete <- items[complete.cases(items), ]

alpha_golden <- function(x, keys = NULL) {
  a <- suppressWarnings(psych::alpha(x, keys = keys))
  list(
    n = nrow(x),
    raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
    average_r = a$total$average_r, signal_noise = a$total[["S/N"]], ase = a$total$ase,
    mean = a$total$mean, sd = a$total$sd,
    items = list(
      raw_r = a$item.stats$raw.r, std_r = a$item.stats$std.r, r_drop = a$item.stats$r.drop,
      mean = a$item.stats$mean, sd = a$item.stats$sd,
      alpha_if_dropped = a$alpha.drop$raw_alpha, std_alpha_if_dropped = a$alpha.drop$std.alpha,
      average_r_if_dropped = a$alpha.drop$average_r
    )
  )
}

# --- Cohen's kappa: two coders, 4 ordered categories, some missing codes ---
m <- 150
truth <- sample(1:4, m, replace = TRUE, prob = c(0.4, 0.3, 0.2, 0.1))
shift <- function() pmin(4, pmax(1, truth + sample(c(-1, 0, 1), m, replace = TRUE, prob = c(0.15, 0.7, 0.15))))
pairs <- data.frame(a = shift(), b = shift())
pairs$a[sample(m, 5)] <- NA
pairs$b[sample(m, 5)] <- NA
labels <- c("barrier", "remedy", "good_practice")
pairs$label_a <- labels[pmin(3, pairs$a)]
pairs$label_b <- labels[pmin(3, ifelse(runif(m) < 0.2, sample(1:3, m, replace = TRUE), pairs$b))]
write.csv(pairs, file.path(out, "kappa_pairs.csv"), row.names = FALSE, na = "")

ck <- cohen.kappa(cbind(pairs$a, pairs$b))  # default weights: 1 - (i - j)^2 / (K - 1)^2
K <- 4
linear_w <- 1 - abs(outer(1:K, 1:K, "-")) / (K - 1)
ck_linear <- cohen.kappa(cbind(pairs$a, pairs$b), w = linear_w)
ck_labels <- cohen.kappa(data.frame(pairs$label_a, pairs$label_b))

goldens <- list(
  software = paste("R", getRversion(), "psych", packageVersion("psych")),
  alpha_reversed = alpha_golden(complete, keys = c("q3", "q5")),
  alpha_attitude = alpha_golden(datasets::attitude),
  attitude = as.list(datasets::attitude),
  cohen = list(
    n = ck$n.obs, unweighted = ck$kappa, quadratic = ck$weighted.kappa,
    linear = ck_linear$weighted.kappa,
    labels_unweighted = ck_labels$kappa, labels_n = ck_labels$n.obs
  )
)
writeLines(toJSON(goldens, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out, "goldens.json"))
