#ifndef XASO_CLI_COMMANDS_H
#define XASO_CLI_COMMANDS_H

#include "cli/config.h"

int cmd_serve(const cli_config *cfg);
int cmd_init(const cli_config *cfg);
int cmd_migrate(const cli_config *cfg);
int cmd_backup(const cli_config *cfg);
int cmd_restore(const cli_config *cfg);
int cmd_verify(const cli_config *cfg);
int cmd_unit(const cli_config *cfg);
int cmd_user(const cli_config *cfg);
int cmd_token(const cli_config *cfg);
int cmd_calendar(const cli_config *cfg);
int cmd_import(const cli_config *cfg);
int cmd_import_plan(const cli_config *cfg);
int cmd_export_plan(const cli_config *cfg);
int cmd_export(const cli_config *cfg);
int cmd_migrate_store(const cli_config *cfg);

/* The serving process holds an exclusive lock on DB.lock; restore needs it
 * free. Returns the held fd, or -1 when another process has it, or
 * CLI_NO_LOCK for PostgreSQL, which several processes serve together. */
enum { CLI_NO_LOCK = -2 };
int cli_lock_database(const char *db_path);
void cli_unlock_database(int lock);
/* Opens the database at cfg->db, which must exist (xaso init makes it);
 * prints why and returns NULL when it cannot. */
struct store *cli_open_existing(const cli_config *cfg);
/* Creates the folders the database and file store live in. */
int cli_prepare_dirs(const cli_config *cfg);

#endif
