#ifndef CMINHASH_H
#define CMINHASH_H
#include <stddef.h>
#include <stdint.h>

/// Folds shingle hashes into a MinHash signature: for each permutation i,
/// sig[i] = min(sig[i], (uint32_t)shingle * multipliers[i] + increments[i])  (mod 2^32)
/// over all shingles. Built once per instruction set (AVX-512, AVX2, baseline) and picked at
/// load time, so the results are identical everywhere and the loop uses the widest vectors
/// the CPU has.
void CMinHash_fold(const uint64_t *shingles, size_t count, const uint32_t *multipliers,
                   const uint32_t *increments, uint32_t *signature, size_t permutations);

#endif
