# Cross-check of the employment-weighted balance with expansion weights and of the jackknife
# standard error of changes (issue #9 items 6 and 7) with R's survey package.
# Run by Tests/StatisticsTests/WeightedVarianceTests.swift (WeightedVarianceRCrossCheckTests),
# itself run by scripts/check-r.
#
# Input 1 (estimates): key, y (+1/0/-1), x (headcount, NA when missing), type, N_h; one row per
# answer. Output per key, 17 digits:
#   E,key,<svyratio ratio>,<svyratio SE>,<svymean coef>,<svymean SE>
# or, for a key with a single answer, which svydesign refuses (one unit), S,key,<y>.
# with x imputed by the median of the stratum's known x (of every known x of the key when the
# stratum has none), on svydesign(ids = ~1, strata = ~type, fpc = ~N_h) (weights N_h/n_h):
#   svyratio(~I(x * y), ~x, design)
# and, the same estimate written as a weighted mean with w = N_h/n_h * x:
#   svymean(~y, svydesign(ids = ~1, strata = ~type, fpc = ~N_h, weights = ~w)).
#
# Input 2 (changes): key, member, period (P or Q), y, x, type, N, N_h, weighting (unweighted,
# poststratified or employment), component (the question answered; a climate key has the rows
# of its four components), populations (N_h of every structure type of the group, as
# AI:12/ACI:30/...); one row per answer. Output per key:
#   J,key,<change in points>,<jackknife SE in points or NA>,<m>
# or N,key when either period has no estimate (no change at all)
# (NA when m < 2 or when a replicate leaves a period without an estimate: survey's svrVar would
# drop that replicate and keep the scale (m - 1)/m, which is not a jackknife; Swift gives none.)
# from one row per member answering in P or Q, as.svrepdesign(svydesign(ids = ~1, fpc = ~N),
# type = "JK1", mse = FALSE) (replicate j: weight 0 for member j, scale (1 - m/N) (m - 1)/m)
# and withReplicates with theta = balance(Q of the members kept) - balance(P of them), each
# balance computed with survey on the members kept (svymean / svyratio as above). The
# post-stratified balance merges the structure types with fewer than 2 answers among the
# members kept (merge_strata below, written from issue #9 item 5's rule, not from the Swift
# code), then svymean on svydesign(ids = ~1, strata = ~stratum, fpc = ~N_stratum). The
# climate is the mean of its four components' balances, NA when one is.
suppressMessages(library(survey))
# A stratum with a single answer adds no variance (SPEC 4.1).
options(survey.lonely.psu = "certainty")
# A census (m = N) keeps its replicates, with scale 0, rather than none (se 0, as in Swift).
options(survey.drop.replicates = FALSE)
args <- commandArgs(trailingOnly = TRUE)

# The stratified design of answers s (weights N_h/n_h, fpc N_h), or with weights ~w. When every
# N_h is 1, R's as.fpc cannot tell a population of 1 from a sampling fraction of 1 and stops;
# every stratum is then one unit taken with certainty (n_h = N_h = 1, weight 1, no variance),
# which is the same design without fpc under survey.lonely.psu = "certainty".
stratified <- function(s, weights = NULL) {
  if (all(s$N_h == 1)) {
    if (is.null(weights)) return(svydesign(ids = ~1, strata = ~type, weights = ~one, data = transform(s, one = 1)))
    return(svydesign(ids = ~1, strata = ~type, weights = weights, data = s))
  }
  svydesign(ids = ~1, strata = ~type, fpc = ~N_h, weights = weights, data = s)
}

impute <- function(s) {
  known <- s$x[!is.na(s$x)]
  if (length(known) == 0) return(NULL)
  overall <- median(known)
  for (t in unique(s$type)) {
    k <- s$type == t
    kt <- s$x[k & !is.na(s$x)]
    s$x[k & is.na(s$x)] <- if (length(kt) > 0) median(kt) else overall
  }
  s
}

# merge_strata, populations_of: scripts/strata.R, next to this script.
local({
  file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  source(file.path(dirname(file), "strata.R"))
})

# The balance in points of one period's answers s (columns y, x, type, N_h), NA when none.
balance <- function(s, weighting) {
  if (nrow(s) == 0) return(NA_real_)
  if (weighting == "unweighted") return(100 * mean(s$y))
  # One answer: svydesign refuses a design of one unit; every estimator is then that answer
  # (the employment one when its headcount, known or imputed, is positive).
  if (nrow(s) == 1) {
    if (weighting == "employment" && (is.na(s$x) || s$x == 0)) return(NA_real_)
    return(100 * s$y)
  }
  if (weighting == "poststratified") {
    pops <- populations_of(s$populations[1])
    counts <- setNames(lapply(all_types, function(t) sum(s$type == t)), all_types)
    merged <- merge_strata(counts, pops)
    s$stratum <- unlist(merged$label[s$type])
    s$N_stratum <- unlist(merged$population[s$stratum])
    return(100 * coef(svymean(~y, svydesign(ids = ~1, strata = ~stratum, fpc = ~N_stratum, data = s)))[[1]])
  }
  s <- impute(s)
  if (is.null(s) || sum(s$x) == 0) return(NA_real_)
  100 * coef(svyratio(~I(x * y), ~x, stratified(s)))[[1]]
}

e <- read.csv(args[1], stringsAsFactors = FALSE)
for (key in unique(e$key)) {
  s <- impute(e[e$key == key, ])
  if (is.null(s) || sum(s$x) == 0) next
  if (nrow(s) == 1) {
    # svydesign refuses a design of one unit: reported as skipped, checked on the Swift side
    # (balance = the answer, se = 0).
    cat(sprintf("S,%s,%.17g\n", key, s$y))
    next
  }
  r <- svyratio(~I(x * y), ~x, stratified(s))
  s$w <- s$N_h / ave(s$y, s$type, FUN = length) * s$x
  m <- svymean(~y, stratified(s, weights = ~w))
  cat(sprintf("E,%s,%.17g,%.17g,%.17g,%.17g\n", key, coef(r)[[1]], SE(r)[[1]], coef(m)[[1]], SE(m)[[1]]))
}

# A key's balance: its question's, or for the climate the mean of its four components'.
key_balance <- function(s, weighting, components) {
  if (length(components) == 1) return(balance(s, weighting))
  mean(sapply(components, function(q) balance(s[s$component == q, ], weighting)))
}

ch <- read.csv(args[2], stringsAsFactors = FALSE)
for (key in unique(ch$key)) {
  s <- ch[ch$key == key, ]
  weighting <- s$weighting[1]
  components <- if (grepl("/climate/", key, fixed = TRUE))
    c("activity_past", "activity_outlook", "employment_outlook", "cash_position") else unique(s$component)
  balance_of <- function(rows) key_balance(rows, weighting, components)
  members <- sort(unique(s$member))
  u <- data.frame(member = members, N = s$N[1])
  P <- s[s$period == "P", ]
  Q <- s[s$period == "Q", ]
  full <- balance_of(Q) - balance_of(P)
  if (is.na(full)) {
    # No estimate in one of the periods: no change (Swift gives none either).
    cat(sprintf("N,%s\n", key))
    next
  }
  if (length(members) < 2) {
    cat(sprintf("J,%s,%.17g,NA,%d\n", key, full, length(members)))
    next
  }
  rep <- as.svrepdesign(svydesign(ids = ~1, fpc = ~N, data = u), type = "JK1", mse = FALSE)
  theta <- function(w, data) {
    kept <- data$member[w > 0]
    balance_of(Q[Q$member %in% kept, ]) - balance_of(P[P$member %in% kept, ])
  }
  # svrVar drops a replicate whose theta is NA (a period left without answers) with a warning
  # and computes the variance from the others; Swift gives no se then, so that case is NA here.
  se <- tryCatch(sqrt(attr(withReplicates(rep, theta), "var")[1]),
                 warning = function(w) if (grepl("replicates gave NA", conditionMessage(w))) NA_real_ else stop(w),
                 error = function(e) if (grepl("replicates contained NA", conditionMessage(e))) NA_real_ else stop(e))
  cat(sprintf("J,%s,%.17g,%s,%d\n", key, full, if (is.na(se)) "NA" else sprintf("%.17g", se), length(members)))
}
