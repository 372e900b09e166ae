/*
 * What SQLite alone costs for the posting's writes, with no Swift at all: the lower bound
 * of `close bench post` on this schema (docs/performance.md, "The SQLite floor").
 *
 *   cc -O2 -o floor scripts/sqlite-posting-floor.c -lsqlite3
 *   close init --db fresh.db
 *   ./floor fresh.db            # posts 1,000,000 lines into the real schema
 *   ./floor ceiling.db bare     # the bench's ceiling: a bare table, one row per step
 *
 * The posting's shape: one INSERT per entry (ON CONFLICT (idempotency_key) DO NOTHING, as
 * `Poster` does), its lines in multi-row INSERTs of 64 rows, 100,000 lines per transaction,
 * the ledger's pragmas (WAL, synchronous=FULL, 64 MiB cache, checkpoint every 64 MiB,
 * foreign keys on). Entries of 2 to 6 lines over the file's non-consolidation entities,
 * each in its own currency, its accounts from the chart. Prints wall and processor seconds.
 * No balance upkeep, no audit event, no hash: those are Swift's, not SQLite's.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { LINES = 1000000, BATCH = 100000, PER_STATEMENT = 64 };

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void run(sqlite3 *db, const char *sql) {
    char *error = 0;
    if (sqlite3_exec(db, sql, 0, 0, &error) != SQLITE_OK) { fprintf(stderr, "%s: %s\n", sql, error); exit(1); }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); exit(1); }
    return statement;
}

static void step(sqlite3 *db, sqlite3_stmt *statement) {
    if (sqlite3_step(statement) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); exit(1); }
    sqlite3_reset(statement);
}

/* Codes read from the file: entities with their currencies, and usable accounts. */
static char entities[16][16], currencies[16][4], accounts[256][16];
static int entityCount, accountCount;

static void readChart(sqlite3 *db) {
    sqlite3_stmt *s = prepare(db, "SELECT code, currency FROM entity WHERE is_consolidation = 0 ORDER BY code");
    while (sqlite3_step(s) == SQLITE_ROW && entityCount < 16) {
        snprintf(entities[entityCount], 16, "%s", sqlite3_column_text(s, 0));
        snprintf(currencies[entityCount++], 4, "%s", sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    s = prepare(db, "SELECT code FROM account WHERE is_closed = 0 AND is_intercompany = 0 ORDER BY code");
    while (sqlite3_step(s) == SQLITE_ROW && accountCount < 256) snprintf(accounts[accountCount++], 16, "%s", sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

struct Line { sqlite3_int64 entry; int number, entity, account; sqlite3_int64 amount; int counter; };

static void bindLines(sqlite3_stmt *insert, struct Line *lines, int count) {
    for (int row = 0; row < count; row++) {
        struct Line *l = &lines[row];
        int base = row * 9;
        char reference[32];
        snprintf(reference, sizeof reference, "REF-%d", l->counter);
        sqlite3_bind_int64(insert, base + 1, l->entry);
        sqlite3_bind_int64(insert, base + 2, l->number);
        sqlite3_bind_text(insert, base + 3, accounts[l->account], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, base + 4, currencies[l->entity], 3, SQLITE_STATIC);
        sqlite3_bind_int64(insert, base + 5, l->amount);
        sqlite3_bind_int64(insert, base + 6, l->amount);
        sqlite3_bind_null(insert, base + 7);
        sqlite3_bind_text(insert, base + 8, reference, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, base + 9, "bench line", -1, SQLITE_STATIC);
    }
}

static void post(sqlite3 *db) {
    readChart(db);
    sqlite3_stmt *insertEntry = prepare(db,
        "INSERT INTO journal_entry (entity, date, fiscal_year, document_number, state, source, description,"
        " idempotency_key, content_hash, payload_hash, reverses, created_by)"
        " VALUES (?, ?, ?, ?, 'posted', 'file-import', ?, ?, ?, ?, NULL, 'system')"
        " ON CONFLICT (idempotency_key) DO NOTHING");
    static char sql[8192];
    strcpy(sql, "INSERT INTO journal_line (entry_id, line_no, account, currency, amount, functional_amount,"
                " partner, reference, description) VALUES ");
    for (int i = 0; i < PER_STATEMENT; i++) strcat(sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *insertLines = prepare(db, sql);
    unsigned char hash[32];
    for (int i = 0; i < 32; i++) hash[i] = (unsigned char)i;
    sqlite3_int64 numbers[16] = {0};
    struct Line pending[PER_STATEMENT];
    int pendingCount = 0, posted = 0, counter = 0;
    srand(1);
    while (posted < LINES) {
        run(db, "BEGIN");
        for (int inBatch = 0; inBatch < BATCH && posted < LINES; ) {
            int count = 2 + rand() % 5;
            if (LINES - posted - count < 2) count = LINES - posted;
            int entity = ++counter % entityCount;
            char date[16], description[32], key[32];
            snprintf(date, sizeof date, "2026-%02d-%02d", 1 + rand() % 12, 1 + rand() % 28);
            snprintf(description, sizeof description, "bench entry %d", counter);
            snprintf(key, sizeof key, "bench-%d", counter);
            sqlite3_bind_text(insertEntry, 1, entities[entity], -1, SQLITE_STATIC);
            sqlite3_bind_text(insertEntry, 2, date, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insertEntry, 3, 2026);
            sqlite3_bind_int64(insertEntry, 4, ++numbers[entity]);
            sqlite3_bind_text(insertEntry, 5, description, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insertEntry, 6, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(insertEntry, 7, hash, 32, SQLITE_STATIC);
            sqlite3_bind_blob(insertEntry, 8, hash, 32, SQLITE_STATIC);
            step(db, insertEntry);
            if (sqlite3_changes(db) != 1) { fprintf(stderr, "key %s taken: use a fresh ledger\n", key); exit(1); }
            sqlite3_int64 id = sqlite3_last_insert_rowid(db);
            for (int n = 0; n < count; n++) {
                sqlite3_int64 amount = n < count - 1 ? 100 : -100 * (count - 1);
                pending[pendingCount++] = (struct Line){ id, n + 1, entity, (counter + n) % accountCount, amount, counter };
                if (pendingCount == PER_STATEMENT) { bindLines(insertLines, pending, pendingCount); step(db, insertLines); pendingCount = 0; }
            }
            posted += count;
            inBatch += count;
        }
        if (pendingCount > 0) {  /* the batch's last lines, one row per statement */
            for (int i = 0; i < pendingCount; i++) {
                sqlite3_stmt *one = prepare(db, "INSERT INTO journal_line VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                bindLines(one, &pending[i], 1);
                step(db, one);
                sqlite3_finalize(one);
            }
            pendingCount = 0;
        }
        run(db, "COMMIT");
    }
    sqlite3_finalize(insertEntry);
    sqlite3_finalize(insertLines);
}

static void bare(sqlite3 *db) {
    run(db, "CREATE TABLE bare (entry_id INTEGER, line_no INTEGER, account TEXT, currency TEXT, amount INTEGER,"
            " functional_amount INTEGER, partner TEXT, reference TEXT, description TEXT)");
    sqlite3_stmt *insert = prepare(db, "INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    /* The same kind of codes as the posting binds, with nothing to check them against. */
    for (int i = 0; i < 29; i++) snprintf(accounts[i], 16, "%d", 1000 + i * 100);
    for (int i = 0; i < 4; i++) snprintf(currencies[i], 4, "USD");
    srand(1);
    int posted = 0, counter = 0;
    while (posted < LINES) {
        run(db, "BEGIN");
        for (int inBatch = 0; inBatch < BATCH && posted < LINES; ) {
            int count = 2 + rand() % 5;
            if (LINES - posted - count < 2) count = LINES - posted;
            counter++;
            for (int n = 0; n < count; n++) {
                struct Line line = { counter, n + 1, counter % 4, (counter + n) % 29, 100, counter };
                bindLines(insert, &line, 1);
                step(db, insert);
            }
            posted += count;
            inBatch += count;
        }
        run(db, "COMMIT");
    }
    sqlite3_finalize(insert);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s LEDGER.db | %s NEW.db bare\n", argv[0], argv[0]); return 2; }
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    run(db, "PRAGMA journal_mode = WAL");
    run(db, "PRAGMA synchronous = FULL");
    run(db, "PRAGMA cache_size = -65536");
    run(db, "PRAGMA wal_autocheckpoint = 16384");
    run(db, "PRAGMA foreign_keys = ON");
    int isBare = argc > 2 && strcmp(argv[2], "bare") == 0;
    double wall = seconds(CLOCK_MONOTONIC), processor = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (isBare) bare(db); else post(db);
    printf("%s: %d lines, %.3f s wall, %.3f s processor\n", isBare ? "ceiling" : "posting",
           LINES, seconds(CLOCK_MONOTONIC) - wall, seconds(CLOCK_PROCESS_CPUTIME_ID) - processor);
    sqlite3_close(db);
    return 0;
}
