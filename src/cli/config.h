/* Settings of the xaso command: flags override environment, which overrides
 * defaults. */
#ifndef XASO_CLI_CONFIG_H
#define XASO_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_config {
    const char *command;
    const char *arg;            /* DEST of backup, SRC of restore, a subcommand */
    const char *arg2;           /* the username of `user add` ... */
    /* fields of `unit add` and `user add` */
    const char *name, *unit, *role, *position, *phone, *email, *kind, *parent, *code;
    const char *scopes;         /* `token add`: comma-separated permissions */
    const char *indicators, *units_map, *title; /* `import plan`: the second file, unit confirmations, title */
    const char *document_no, *document_date;    /* `import plan`: the issuing document's number and date */
    unsigned days;              /* `token add`: validity */
    unsigned year;              /* `calendar`: 0 for the current year */
    bool json;                  /* `calendar --json` */
    bool csv;                   /* `export procedures --csv` */
    bool replace;               /* `import procedures --replace` */
    const char *from, *to;      /* `migrate-store`: the SQLite file and the postgresql:// URL */
    const char *db;             /* XASO_DB */
    const char *listen;         /* XASO_LISTEN */
    const char *data_dir;       /* XASO_DATA_DIR */
    const char *log;            /* XASO_LOG */
    const char *web_dir;        /* XASO_WEB_DIR */
    const char *public_url;     /* XASO_PUBLIC_URL */
    const char *trusted_proxies;/* XASO_TRUSTED_PROXIES */
    const char *backup_dir;     /* XASO_BACKUP_DIR */
    unsigned backup_interval;   /* XASO_BACKUP_INTERVAL, seconds */
    unsigned backup_keep;       /* XASO_BACKUP_KEEP */
    unsigned threads;           /* XASO_THREADS */
    unsigned timeout;           /* XASO_TIMEOUT, seconds a connection may stay idle */
    double rate;                /* XASO_RATE_LIMIT, requests/s per client; 0 off */
    unsigned long max_body;     /* XASO_MAX_BODY, bytes */
    unsigned long min_free_mb;  /* XASO_MIN_FREE_MB */
    bool diagnostics;           /* XASO_DIAGNOSTICS=1 */
    bool sync_normal;           /* XASO_SYNC=normal: trade durability for speed */
    bool demo_logins;           /* `init --demo-logins`: one account per role, random passwords */
    bool empty;                 /* `init --empty`: no demo commune */
    bool help;
} cli_config;

/* Returns 0, or -1 after printing what is wrong. */
int cli_parse(int argc, char **argv, cli_config *cfg);
void cli_print_help(void);

#endif
