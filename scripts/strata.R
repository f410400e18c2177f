# The strata of the post-stratified balance, written from issue #9 item 5's rule (not from
# the Swift code), shared by scripts/check-r.R and scripts/check-r-weighted.R.
# Structure types in the order the strata are listed, and the order used to break ties
# (by name, as Swift compares StructureType).
all_types <- c("AI", "ACI", "EI", "ETTI", "GEIQ", "SAP", "OTHER")
family_of <- function(t) if (t %in% c("AI", "ACI", "EI", "ETTI")) "SIAE" else "other"

# Issue #9 item 5: a stratum with fewer than 2 answers (the smallest first, ties by type name)
# joins its named neighbour (GEIQ -> OTHER, EI -> ETTI), else the stratum of its family with the
# most answers, else the one with the most answers (ties by type name); a type with members but
# no answer is a stratum of 0 answers, so the strata's populations add up to the group's.
# Returns, per type answered, the label of its stratum and, per label, the stratum's population.
merge_strata <- function(counts, pops) {
  strata <- list()
  for (t in all_types) if (pops[[t]] > 0 || counts[[t]] > 0) strata[[length(strata) + 1]] <- list(types = t, first = t, n = counts[[t]])
  preferred <- c(GEIQ = "OTHER", EI = "ETTI")
  most <- function(candidates) {
    if (length(candidates) == 0) return(NA)
    candidates[order(-sapply(strata[candidates], function(s) s$n), sapply(strata[candidates], function(s) s$first), method = "radix")[1]]
  }
  while (length(strata) > 1) {
    ns <- sapply(strata, function(s) s$n)
    small <- which(ns < 2)
    if (length(small) == 0) break
    small <- small[order(ns[small], sapply(strata[small], function(s) s$first), method = "radix")[1]]
    source <- strata[[small]]
    others <- setdiff(seq_along(strata), small)
    target <- NA
    if (source$first %in% names(preferred)) {
      for (i in others) if (preferred[[source$first]] %in% strata[[i]]$types) { target <- i; break }
    }
    if (is.na(target)) target <- most(others[sapply(others, function(i) family_of(strata[[i]]$first) == family_of(source$first))])
    if (is.na(target)) target <- most(others)
    strata[[target]]$types <- c(strata[[target]]$types, source$types)
    strata[[target]]$n <- strata[[target]]$n + source$n
    strata[[small]] <- NULL
  }
  label <- c()
  population <- c()
  for (s in strata) {
    name <- paste(s$types, collapse = "+")
    for (t in s$types) label[[t]] <- name
    population[[name]] <- sum(unlist(pops[s$types]))
  }
  list(label = label, population = population)
}

populations_of <- function(text) {
  pops <- setNames(as.list(rep(0, length(all_types))), all_types)
  for (part in strsplit(text, "/", fixed = TRUE)[[1]]) {
    kv <- strsplit(part, ":", fixed = TRUE)[[1]]
    pops[[kv[1]]] <- as.numeric(kv[2])
  }
  pops
}
