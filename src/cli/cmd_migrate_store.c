/* migrate-store: a commune's SQLite database into PostgreSQL. */
#include "cli/commands.h"

#include "store/copy.h"
#include "store/store.h"

#include <stdio.h>
#include <unistd.h>

int cmd_migrate_store(const cli_config *cfg)
{
    if (!cfg->from || !cfg->to) {
        fprintf(stderr, "xaso migrate-store: cần --from TỆP.db --to postgresql://… / "
                        "needs --from FILE.db --to postgresql://…\n");
        return 2;
    }
    if (!store_path_is_postgres(cfg->to)) {
        fprintf(stderr, "xaso migrate-store: --to phải là địa chỉ postgresql:// / "
                        "--to must be a postgresql:// URL\n");
        return 2;
    }
    if (access(cfg->from, R_OK) != 0) {
        fprintf(stderr, "xaso migrate-store: không đọc được %s / cannot read it\n", cfg->from);
        return 1;
    }
    char err[1024];
    printf("Chép từ / copying from %s:\n", cfg->from);
    if (store_copy_to_postgres(cfg->from, cfg->to, stdout, err, sizeof err) != 0) {
        fprintf(stderr, "xaso migrate-store: %s — đích không thay đổi / the target is unchanged\n", err);
        return 1;
    }
    printf("Đã chép xong trong một giao dịch / copied in one transaction. "
           "Kiểm tra / check: xaso verify --db URL\n");
    return 0;
}
