# Cross-check of the barometer's balances and standard errors with R's survey package.
# Input: a CSV with columns key, y (coded answer +1/0/-1), type (structure type), N (active
# members of the group), N_h (active members of the group with that type), one row per answer.
# Output, per key: the mean and standard error of y under simple random sampling without
# replacement (fpc = N) and under stratification by type (fpc = N_h), with 17 digits.
suppressMessages(library(survey))
# A stratum with a single answer adds no variance (SPEC 4.1).
options(survey.lonely.psu = "certainty")
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
for (key in unique(d$key)) {
  s <- d[d$key == key, ]
  if (nrow(s) >= 2) {
    u <- svymean(~y, svydesign(ids = ~1, fpc = ~N, data = s))
    cat(sprintf("%s,unweighted,%.17g,%.17g\n", key, coef(u)[[1]], SE(u)[[1]]))
  }
  st <- svymean(~y, svydesign(ids = ~1, strata = ~type, fpc = ~N_h, data = s))
  cat(sprintf("%s,poststratified,%.17g,%.17g\n", key, coef(st)[[1]], SE(st)[[1]]))
}
