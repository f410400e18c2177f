# Cross-check of the barometer's balances and standard errors with R's survey package.
# Input: a CSV with columns key, y (coded answer +1/0/-1), type (the member's structure type),
# N (active members of the group), populations (active members of the group of every
# structure type, as AI:12/ACI:30/...), one row per answer.
# Output, per key: the mean and standard error of y under simple random sampling without
# replacement (fpc = N) and under stratification by type (fpc = N_h), with 17 digits. The
# strata of the post-stratified estimate are merged here, from issue #9 item 5's rule
# (scripts/strata.R, not the Swift code): a type with fewer than 2 answers joins a neighbour.
suppressMessages(library(survey))
local({
  file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  source(file.path(dirname(file), "strata.R"))
})
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
  pops <- populations_of(s$populations[1])
  counts <- setNames(as.list(sapply(all_types, function(t) sum(s$type == t))), all_types)
  merged <- merge_strata(counts, pops)
  s$stratum <- unlist(merged$label[s$type])
  s$N_h <- unlist(merged$population[s$stratum])
  st <- svymean(~y, svydesign(ids = ~1, strata = ~stratum, fpc = ~N_h, data = s))
  cat(sprintf("%s,poststratified,%.17g,%.17g\n", key, coef(st)[[1]], SE(st)[[1]]))
}
