/* xaso: one binary, a few subcommands. Thin: it reads settings and calls the parts. */
#include "cli/commands.h"
#include "core/log.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    cli_config cfg;
    if (cli_parse(argc, argv, &cfg) != 0)
        return 2;
    if (cfg.help || !cfg.command) {
        cli_print_help();
        return cfg.help ? 0 : 2;
    }
    log_level level;
    if (!log_parse_level(cfg.log, &level)) {
        fprintf(stderr, "xaso: mức nhật ký không hợp lệ / invalid log level '%s'\n", cfg.log);
        return 2;
    }
    log_set_level(level);
    if (sodium_init() < 0) {
        fprintf(stderr, "xaso: libsodium không khởi tạo được / cannot initialise libsodium\n");
        return 1;
    }
    static const struct {
        const char *name;
        int (*run)(const cli_config *);
    } commands[] = {
        {"serve", cmd_serve}, {"init", cmd_init},       {"migrate", cmd_migrate},
        {"backup", cmd_backup}, {"restore", cmd_restore}, {"verify", cmd_verify},
        {"unit", cmd_unit},     {"user", cmd_user},     {"token", cmd_token},
        {"calendar", cmd_calendar}, {"import", cmd_import}, {"export", cmd_export},
        {"migrate-store", cmd_migrate_store},
    };
    if (strcmp(cfg.command, "version") == 0) {
        printf("xaso %s\n", XASO_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cfg.command, commands[i].name) == 0)
            return commands[i].run(&cfg);
    fprintf(stderr, "xaso: lệnh không rõ / unknown command '%s' (xaso --help)\n", cfg.command);
    return 2;
}
