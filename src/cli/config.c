#include "cli/config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
    "xaso — máy chủ chính quyền số cấp xã / digital-government server for a commune\n"
    "\n"
    "Cách dùng / Usage: xaso LỆNH [TÙY CHỌN]   xaso COMMAND [OPTIONS]\n"
    "\n"
    "Lệnh:\n"
    "  serve            chạy máy chủ web\n"
    "  init [--demo-logins]  tạo cơ sở dữ liệu và xã mẫu (nếu chưa có), kèm tài khoản mẫu\n"
    "  init --empty     tạo cơ sở dữ liệu không có xã mẫu (một tỉnh tự thêm đơn vị)\n"
    "  migrate          nâng cấp lược đồ cơ sở dữ liệu\n"
    "  migrate-store --from TỆP.db --to postgresql://…   chép toàn bộ dữ liệu của một xã\n"
    "                   từ SQLite sang một cơ sở dữ liệu PostgreSQL trống\n"
    "  backup ĐÍCH      sao lưu trực tuyến vào thư mục ĐÍCH (mới), có kiểm tra\n"
    "  restore NGUỒN    khôi phục từ bản sao lưu đã kiểm tra (máy chủ phải dừng)\n"
    "  verify [BẢN_SAO] kiểm tra chuỗi băm của nhật ký kiểm toán, và mốc của bản sao\n"
    "                   lưu BẢN_SAO và của mọi bản trong --backup-dir (phát hiện cắt bớt)\n"
    "  unit add --code MÃ --kind LOẠI --name TÊN [--parent MÃ]   thêm đơn vị\n"
    "  unit list        liệt kê đơn vị\n"
    "  user add TÊN --name HỌ_TÊN --unit MÃ --role VAI_TRÒ [--position --phone --email]\n"
    "                   thêm tài khoản (mật khẩu đọc từ đầu vào chuẩn)\n"
    "  user passwd|lock|unlock TÊN   đổi mật khẩu, khóa, mở khóa\n"
    "  user grant TÊN --unit MÃ --role VAI_TRÒ   cấp thêm vai trò tại một đơn vị khác\n"
    "  user list        liệt kê tài khoản\n"
    "  token add TÊN --name TÊN_KHÓA --scopes QUYỀN,... [--days 90]   tạo khóa API (in ra một lần)\n"
    "  token revoke TÊN --name TÊN_KHÓA   thu hồi khóa API\n"
    "  calendar [--year NĂM] [--unit MÃ] [--json]   các ngày nghỉ trong năm và lý do\n"
    "  import procedures TỆP [--replace]   nhập thủ tục (JSON của xaso hoặc Cổng DVC quốc gia, CSV)\n"
    "  import plan NHIỆM_VỤ.csv [--indicators CHỈ_TIÊU.csv] [--units XÁC_NHẬN.json] [--unit MÃ] [--title TÊN]\n"
    "              [--document-no SỐ] [--document-date YYYY-MM-DD]   nhập kế hoạch\n"
    "  export plan MÃ [--kind indicators]   xuất nhiệm vụ (hoặc chỉ tiêu) của kế hoạch, CSV cùng mẫu khi nhập\n"
    "  export procedures [--csv]   xuất danh mục thủ tục ra đầu ra chuẩn\n"
    "  version          in phiên bản\n"
    "\n"
    "Commands:\n"
    "  serve            run the web server\n"
    "  init [--demo-logins]  create the database and a demo commune (if absent), with demo logins\n"
    "  init --empty     create the database without the demo commune (a province adds its units)\n"
    "  migrate          bring the database schema up to date\n"
    "  migrate-store --from FILE.db --to postgresql://…  copy a commune's whole SQLite\n"
    "                   database into an empty PostgreSQL database\n"
    "  backup DEST      take a verified online backup into the new folder DEST\n"
    "  restore SRC      restore a verified backup (the server must be stopped)\n"
    "  verify [BACKUP]  check the hash chain of the audit log, and that it still holds\n"
    "                   the anchor of BACKUP and of each backup in --backup-dir\n"
    "  unit add|list    add or list units;  user add|passwd|grant|lock|unlock|list  accounts\n"
    "  token add|revoke API tokens for other systems (the token is printed once)\n"
    "  calendar [--year Y] [--unit CODE] [--json]  the year's days off and why\n"
    "  import procedures FILE [--replace]  import procedures (xaso or national-portal JSON, CSV)\n"
    "  import plan TASKS.csv [--indicators F] [--units MAP.json] [--unit CODE] [--title T] [--document-no N] [--document-date D]\n"
    "                                                        import a plan\n"
    "  export plan ID [--kind indicators]  export a plan's tasks (or indicators) as CSV\n"
    "  export procedures [--csv]  write the catalog to standard output\n"
    "                   (passwords are read from standard input)\n"
    "  version          print the version\n"
    "\n"
    "Tùy chọn / Options (biến môi trường / environment):\n"
    "  --db PATH|URL           XASO_DB           var/xaso.db (hoặc / or postgresql://…)\n"
    "  --data-dir DIR          XASO_DATA_DIR     var/data (tệp đính kèm / file store)\n"
    "  --listen HOST:PORT      XASO_LISTEN       127.0.0.1:8080\n"
    "  --log LEVEL             XASO_LOG          info (debug, info, warn, error, off)\n"
    "  --web-dir DIR           XASO_WEB_DIR      web\n"
    "  --public-url URL        XASO_PUBLIC_URL   (https:// bật HSTS / enables HSTS)\n"
    "  --trusted-proxies LIST  XASO_TRUSTED_PROXIES  địa chỉ proxy tin cậy / trusted proxies\n"
    "  --threads N             XASO_THREADS      8 × số lõi / 8 × cores (≤ 64)\n"
    "  --timeout SEC           XASO_TIMEOUT      30 (kết nối im lặng bị đóng / idle connections closed)\n"
    "  --rate-limit N          XASO_RATE_LIMIT   20 yêu cầu/giây mỗi địa chỉ; 0 tắt\n"
    "  --max-body BYTES        XASO_MAX_BODY     1048576\n"
    "  --min-free-mb N         XASO_MIN_FREE_MB  64 (dưới mức này /healthz báo 503)\n"
    "  --backup-dir DIR        XASO_BACKUP_DIR   sao lưu định kỳ / scheduled backups\n"
    "  --backup-interval SEC   XASO_BACKUP_INTERVAL  86400\n"
    "  --backup-keep N         XASO_BACKUP_KEEP  14\n"
    "  --sync normal           XASO_SYNC         full (mặc định an toàn / safe default)\n"
    "  --diagnostics           XASO_DIAGNOSTICS=1  chỉ dùng để kiểm thử / tests only\n"
    "  -h, --help\n";

void cli_print_help(void) { fputs(help_text, stdout); }

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static int parse_number(const char *what, const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || v < 0 || v > max) {
        fprintf(stderr, "xaso: giá trị không hợp lệ cho %s / invalid value for %s: '%s'\n", what,
                what, s);
        return -1;
    }
    *out = v;
    return 0;
}

enum {
    OPT_DB = 256, OPT_DATA, OPT_LISTEN, OPT_LOG, OPT_WEB, OPT_URL, OPT_PROXIES, OPT_THREADS,
    OPT_RATE, OPT_MAXBODY, OPT_MINFREE, OPT_BDIR, OPT_BINT, OPT_BKEEP, OPT_SYNC, OPT_DIAG, OPT_TIMEOUT, OPT_NAME, OPT_UNIT, OPT_ROLE, OPT_POSITION,
    OPT_PHONE, OPT_EMAIL, OPT_KIND, OPT_PARENT, OPT_CODE, OPT_SCOPES, OPT_DAYS, OPT_DEMO_LOGINS, OPT_EMPTY, OPT_YEAR, OPT_JSON, OPT_CSV,
    OPT_REPLACE, OPT_FROM, OPT_TO, OPT_INDICATORS, OPT_UNITS, OPT_TITLE, OPT_DOCUMENT_NO, OPT_DOCUMENT_DATE,
};

static const struct option options[] = {
    {"db", required_argument, 0, OPT_DB},
    {"data-dir", required_argument, 0, OPT_DATA},
    {"listen", required_argument, 0, OPT_LISTEN},
    {"log", required_argument, 0, OPT_LOG},
    {"web-dir", required_argument, 0, OPT_WEB},
    {"public-url", required_argument, 0, OPT_URL},
    {"trusted-proxies", required_argument, 0, OPT_PROXIES},
    {"threads", required_argument, 0, OPT_THREADS},
    {"rate-limit", required_argument, 0, OPT_RATE},
    {"max-body", required_argument, 0, OPT_MAXBODY},
    {"min-free-mb", required_argument, 0, OPT_MINFREE},
    {"backup-dir", required_argument, 0, OPT_BDIR},
    {"backup-interval", required_argument, 0, OPT_BINT},
    {"backup-keep", required_argument, 0, OPT_BKEEP},
    {"sync", required_argument, 0, OPT_SYNC},
    {"diagnostics", no_argument, 0, OPT_DIAG},
    {"timeout", required_argument, 0, OPT_TIMEOUT},
    {"name", required_argument, 0, OPT_NAME},
    {"unit", required_argument, 0, OPT_UNIT},
    {"role", required_argument, 0, OPT_ROLE},
    {"position", required_argument, 0, OPT_POSITION},
    {"phone", required_argument, 0, OPT_PHONE},
    {"email", required_argument, 0, OPT_EMAIL},
    {"kind", required_argument, 0, OPT_KIND},
    {"parent", required_argument, 0, OPT_PARENT},
    {"code", required_argument, 0, OPT_CODE},
    {"scopes", required_argument, 0, OPT_SCOPES},
    {"days", required_argument, 0, OPT_DAYS},
    {"year", required_argument, 0, OPT_YEAR},
    {"json", no_argument, 0, OPT_JSON},
    {"csv", no_argument, 0, OPT_CSV},
    {"replace", no_argument, 0, OPT_REPLACE},
    {"from", required_argument, 0, OPT_FROM},
    {"to", required_argument, 0, OPT_TO},
    {"indicators", required_argument, 0, OPT_INDICATORS},
    {"units", required_argument, 0, OPT_UNITS},
    {"title", required_argument, 0, OPT_TITLE},
    {"document-no", required_argument, 0, OPT_DOCUMENT_NO},
    {"document-date", required_argument, 0, OPT_DOCUMENT_DATE},
    {"demo-logins", no_argument, 0, OPT_DEMO_LOGINS},
    {"empty", no_argument, 0, OPT_EMPTY},
    {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0},
};

/* Numeric settings: the flag's text, else the environment's, else the default. */
typedef struct numeric {
    const char *name, *env, *text;
    double max, value;
} numeric;

int cli_parse(int argc, char **argv, cli_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->db = env_or("XASO_DB", "var/xaso.db");
    cfg->data_dir = env_or("XASO_DATA_DIR", "var/data");
    cfg->listen = env_or("XASO_LISTEN", "127.0.0.1:8080");
    cfg->log = env_or("XASO_LOG", "info");
    cfg->web_dir = env_or("XASO_WEB_DIR", "web");
    cfg->public_url = env_or("XASO_PUBLIC_URL", NULL);
    cfg->trusted_proxies = env_or("XASO_TRUSTED_PROXIES", NULL);
    cfg->backup_dir = env_or("XASO_BACKUP_DIR", NULL);
    cfg->diagnostics = strcmp(env_or("XASO_DIAGNOSTICS", "0"), "1") == 0;
    const char *sync = env_or("XASO_SYNC", "full");
    numeric nums[] = {
        {"--threads", "XASO_THREADS", NULL, 256, 0},
        {"--rate-limit", "XASO_RATE_LIMIT", NULL, 1e6, 20},
        {"--max-body", "XASO_MAX_BODY", NULL, 1e10, 1 << 20},
        {"--min-free-mb", "XASO_MIN_FREE_MB", NULL, 1e12, 64},
        {"--backup-interval", "XASO_BACKUP_INTERVAL", NULL, 1e8, 86400},
        {"--backup-keep", "XASO_BACKUP_KEEP", NULL, 1e5, 14},
        {"--timeout", "XASO_TIMEOUT", NULL, 3600, 30},
        {"--days", "XASO_TOKEN_DAYS", NULL, 366, 90},
        {"--year", "XASO_CALENDAR_YEAR", NULL, 2099, 0},
    };
    enum { N_THREADS, N_RATE, N_BODY, N_FREE, N_BINT, N_BKEEP, N_TIMEOUT, N_DAYS, N_YEAR, N_COUNT };
    for (int i = 0; i < N_COUNT; i++)
        nums[i].text = env_or(nums[i].env, NULL);

    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: cfg->db = optarg; break;
        case OPT_DATA: cfg->data_dir = optarg; break;
        case OPT_LISTEN: cfg->listen = optarg; break;
        case OPT_LOG: cfg->log = optarg; break;
        case OPT_WEB: cfg->web_dir = optarg; break;
        case OPT_URL: cfg->public_url = optarg; break;
        case OPT_PROXIES: cfg->trusted_proxies = optarg; break;
        case OPT_BDIR: cfg->backup_dir = optarg; break;
        case OPT_SYNC: sync = optarg; break;
        case OPT_DIAG: cfg->diagnostics = true; break;
        case OPT_THREADS: nums[N_THREADS].text = optarg; break;
        case OPT_RATE: nums[N_RATE].text = optarg; break;
        case OPT_MAXBODY: nums[N_BODY].text = optarg; break;
        case OPT_MINFREE: nums[N_FREE].text = optarg; break;
        case OPT_BINT: nums[N_BINT].text = optarg; break;
        case OPT_BKEEP: nums[N_BKEEP].text = optarg; break;
        case OPT_TIMEOUT: nums[N_TIMEOUT].text = optarg; break;
        case OPT_NAME: cfg->name = optarg; break;
        case OPT_UNIT: cfg->unit = optarg; break;
        case OPT_ROLE: cfg->role = optarg; break;
        case OPT_POSITION: cfg->position = optarg; break;
        case OPT_PHONE: cfg->phone = optarg; break;
        case OPT_EMAIL: cfg->email = optarg; break;
        case OPT_KIND: cfg->kind = optarg; break;
        case OPT_PARENT: cfg->parent = optarg; break;
        case OPT_CODE: cfg->code = optarg; break;
        case OPT_SCOPES: cfg->scopes = optarg; break;
        case OPT_DAYS: nums[N_DAYS].text = optarg; break;
        case OPT_YEAR: nums[N_YEAR].text = optarg; break;
        case OPT_JSON: cfg->json = true; break;
        case OPT_CSV: cfg->csv = true; break;
        case OPT_REPLACE: cfg->replace = true; break;
        case OPT_FROM: cfg->from = optarg; break;
        case OPT_TO: cfg->to = optarg; break;
        case OPT_INDICATORS: cfg->indicators = optarg; break;
        case OPT_UNITS: cfg->units_map = optarg; break;
        case OPT_TITLE: cfg->title = optarg; break;
        case OPT_DOCUMENT_NO: cfg->document_no = optarg; break;
        case OPT_DOCUMENT_DATE: cfg->document_date = optarg; break;
        case OPT_DEMO_LOGINS: cfg->demo_logins = true; break;
        case OPT_EMPTY: cfg->empty = true; break;
        case 'h': cfg->help = true; return 0;
        default: return -1;
        }
    }
    for (int i = 0; i < N_COUNT; i++)
        if (nums[i].text && parse_number(nums[i].name, nums[i].text, nums[i].max, &nums[i].value))
            return -1;
    cfg->threads = (unsigned)nums[N_THREADS].value;
    cfg->rate = nums[N_RATE].value;
    cfg->max_body = (unsigned long)nums[N_BODY].value;
    cfg->min_free_mb = (unsigned long)nums[N_FREE].value;
    cfg->backup_interval = (unsigned)nums[N_BINT].value;
    cfg->backup_keep = (unsigned)nums[N_BKEEP].value;
    cfg->timeout = (unsigned)nums[N_TIMEOUT].value;
    cfg->days = (unsigned)nums[N_DAYS].value;
    cfg->year = (unsigned)nums[N_YEAR].value;
    if (strcmp(sync, "full") != 0 && strcmp(sync, "normal") != 0) {
        fprintf(stderr, "xaso: --sync phải là full hoặc normal / must be full or normal\n");
        return -1;
    }
    cfg->sync_normal = strcmp(sync, "normal") == 0;
    if (optind < argc)
        cfg->command = argv[optind++];
    if (optind < argc)
        cfg->arg = argv[optind++];
    if (optind < argc)
        cfg->arg2 = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "xaso: thừa đối số / unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}
