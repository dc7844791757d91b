/* Static files from the web/ folder: MIME types, ETag revalidation, and a
 * precompressed NAME.gz sent when the client accepts gzip. */
#include "web/internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext, *type;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".pdf", "application/pdf"},
    {".webmanifest", "application/manifest+json"},
};

static const char *mime_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
            if (strcmp(dot, mime_types[i].ext) == 0)
                return mime_types[i].type;
    return "application/octet-stream";
}

/* Only plain names: letters, digits, '-', '_', '.', '/' — and no "..". */
static bool safe_path(const char *p)
{
    if (p[0] != '/' || strstr(p, "..") || strstr(p, "//"))
        return false;
    for (; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/'))
            return false;
    }
    return true;
}

static bool accepts_gzip(web_request *req)
{
    const char *ae = web_header(req, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

static bool etag_matches(const char *inm, const char *etag)
{
    if (!inm)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    return strstr(inm, etag) != NULL;
}

bool static_serve(web_request *req, const char *web_dir)
{
    const char *rel = req->path;
    if (!web_dir || !safe_path(rel))
        return false;
    char path[4096], gz[4100];
    /* A folder's page is its index.html: "/" and "/staff/". */
    snprintf(path, sizeof path, "%s%s%s", web_dir, rel,
             rel[strlen(rel) - 1] == '/' ? "index.html" : "");
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;

    const char *serve = path;
    bool gzipped = false;
    struct stat gst;
    snprintf(gz, sizeof gz, "%s.gz", path);
    if (accepts_gzip(req) && stat(gz, &gst) == 0 && S_ISREG(gst.st_mode) &&
        gst.st_mtime >= st.st_mtime) {
        serve = gz;
        st = gst;
        gzipped = true;
    }
    char *etag = arena_printf(&req->arena, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
                              (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
                                  (unsigned long long)st.st_mtim.tv_nsec,
                              gzipped ? "-gz" : "");
    struct web_request_internal *in = req->in;
    web_add_header(req, "ETag", etag);
    web_add_header(req, "Vary", "Accept-Encoding");
    web_add_header(req, "Cache-Control", "no-cache");
    if (etag_matches(web_header(req, "If-None-Match"), etag)) {
        web_reply_text(req, 304, mime_for(path), "");
        return true;
    }
    int fd = open(serve, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    if (gzipped)
        web_add_header(req, "Content-Encoding", "gzip");
    reply_reset(req);
    in->status = 200;
    in->content_type = mime_for(path);
    in->file_fd = fd;
    in->file_size = (uint64_t)st.st_size;
    return true;
}
