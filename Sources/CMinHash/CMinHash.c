#include "CMinHash.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CMINHASH_TSAN 1
#endif
#endif

// The clones are picked by an ifunc resolver that the dynamic loader runs while relocating,
// before any sanitizer runtime is up. Under ThreadSanitizer clang instruments that resolver
// too (a __tsan_func_entry call), which crashes every binary at load; a TSan build has the
// baseline version only.
#if defined(__x86_64__) && defined(__ELF__) && !defined(CMINHASH_TSAN)
#define CMINHASH_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CMINHASH_CLONES
#endif

CMINHASH_CLONES
void CMinHash_fold(const uint64_t *shingles, size_t count, const uint32_t *multipliers,
                   const uint32_t *increments, uint32_t *signature, size_t permutations) {
    for (size_t s = 0; s < count; s++) {
        const uint32_t x = (uint32_t)shingles[s];
        for (size_t i = 0; i < permutations; i++) {
            const uint32_t h = x * multipliers[i] + increments[i];
            signature[i] = h < signature[i] ? h : signature[i];
        }
    }
}
