/* The file store: content-addressed, immutable files under DATA_DIR/files.
 *
 * A file's name is the SHA-256 of its content (files/ab/cd/abcd…), so a file
 * is written once, never changed, and verified by hashing it again. A row that
 * refers to a file must be committed only after blob_put() returned: then a
 * database snapshot never points at a missing file. */
#ifndef XASO_STORE_BLOB_H
#define XASO_STORE_BLOB_H

#include <stddef.h>
#include <stdint.h>

enum { BLOB_HASH_HEX = 65 };

/* Writes data durably (temp file, fsync, rename, fsync of the folder) and
 * returns its hash. Returns 0, or -1 with err filled. */
int blob_put(const char *data_dir, const void *data, size_t len, char hash[BLOB_HASH_HEX],
             char *err, size_t errlen);

/* DATA_DIR/files/ab/cd/<hash>; -1 if the hash is not 64 lowercase hex digits. */
int blob_path(const char *data_dir, const char *hash, char *out, size_t outlen);

/* SHA-256 of a file's content, as hex; also returns its size. */
int blob_hash_file(const char *path, char hash[BLOB_HASH_HEX], uint64_t *size);

/* fsync a file or folder by path. */
int blob_fsync_path(const char *path);

/* mkdir -p with mode 0750. */
int blob_mkdirs(const char *path);

#endif
