import GRDB

/// The database schema as frozen SQL migrations. A migration is never edited once it has
/// shipped: a change is a new migration appended to the list (GRDB Migrations.md).
/// The schema guards the books on its own: STRICT tables, CHECKs, foreign keys, and
/// triggers that refuse to UPDATE or DELETE posted entries, their lines and audit events.
enum Schema {
    /// The migrations, for their names and for a new ledger (which has no rows to seal yet).
    static var migrator: DatabaseMigrator { migrator(clock: .system) }

    /// The migrations; `clock` dates the baseline seal that v8 writes for a ledger that
    /// already holds rows (see `RowSeals.sealBaseline`).
    static func migrator(clock: LedgerClock) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: v1Ledger)
        }
        migrator.registerMigration("v2-bank-accounts") { db in
            try db.execute(sql: v2BankAccounts)
        }
        migrator.registerMigration("v3-close-runs") { db in
            try db.execute(sql: v3CloseRuns)
        }
        migrator.registerMigration("v4-bank-statements") { db in
            try db.execute(sql: v4BankStatements)
        }
        migrator.registerMigration("v5-consolidation-entity") { db in
            try db.execute(sql: v5ConsolidationEntity)
        }
        migrator.registerMigration("v6-goods-receipts-and-accruals") { db in
            try db.execute(sql: v6GoodsReceiptsAndAccruals)
        }
        migrator.registerMigration("v7-scenario-truth") { db in
            try db.execute(sql: v7ScenarioTruth)
        }
        migrator.registerMigration("v8-row-seals") { db in
            try db.execute(sql: v8RowSeals)
            try RowSeals.sealBaseline(db, clock: clock)
        }
        migrator.registerMigration("v9-people-and-signatures") { db in
            try db.execute(sql: v9PeopleAndSignatures)
        }
        migrator.registerMigration("v10-bank-line-dates") { db in
            try db.execute(sql: v10BankLineDates)
        }
        return migrator
    }

    /// The statements an imported statement may repeat are those with lines on its days:
    /// found through the booking dates, a look-up per statement instead of a pass over every
    /// line the account ever imported (which made a file of n statements cost n² / 2).
    static let v10BankLineDates = """
    CREATE INDEX bank_line_booking_date ON bank_line (booking_date, statement);
    """

    /// People, not claims (issue 17): passwords as bcrypt hashes, the public keys that sign
    /// decisions, the signatures, the policy versions that require them, and which evidence a
    /// person opened. All append-only and sealed: a changed hash, key or signature fails
    /// `close audit verify`.
    static let v9PeopleAndSignatures = """
    -- A new row each time a password is set; the latest version counts.
    CREATE TABLE user_password (
        user TEXT NOT NULL REFERENCES app_user(name),
        version INTEGER NOT NULL CHECK (version >= 1),
        hash TEXT NOT NULL CHECK (length(hash) = 60 AND hash GLOB '$2[aby]$[0-9][0-9]$*'),
        PRIMARY KEY (user, version)
    ) STRICT, WITHOUT ROWID;

    -- A person's Ed25519 public key; the latest of a user is the one that signs. The private key
    -- sealed with the person's password (ChaCha20-Poly1305 under PBKDF2) for the web, or NULL.
    CREATE TABLE user_key (
        id INTEGER PRIMARY KEY,
        user TEXT NOT NULL REFERENCES app_user(name),
        public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
        sealed_private_key BLOB CHECK (sealed_private_key IS NULL OR length(sealed_private_key) = 60),
        kdf_salt BLOB CHECK (kdf_salt IS NULL OR length(kdf_salt) = 16),
        kdf_rounds INTEGER CHECK (kdf_rounds IS NULL OR kdf_rounds >= 1),
        -- The key.registered audit event: a signature counts only with the key registered last before it.
        registered_seq INTEGER NOT NULL CHECK (registered_seq >= 1)
    ) STRICT;

    CREATE TABLE decision_signature (
        decision INTEGER PRIMARY KEY REFERENCES decision(id),
        key INTEGER NOT NULL REFERENCES user_key(id),
        signed_at TEXT NOT NULL,
        signature BLOB NOT NULL CHECK (length(signature) = 64),
        -- The decision's audit event.
        seq INTEGER NOT NULL CHECK (seq >= 1)
    ) STRICT;

    -- The policy versions that say `signatures: required`.
    CREATE TABLE policy_signatures_required (
        version INTEGER PRIMARY KEY REFERENCES policy_version(version)
    ) STRICT;

    -- A person opened the evidence of a proposal version: approving on the web waits for it.
    CREATE TABLE evidence_opened (
        run INTEGER NOT NULL,
        task TEXT NOT NULL,
        version INTEGER NOT NULL,
        user TEXT NOT NULL REFERENCES app_user(name),
        PRIMARY KEY (run, task, version, user),
        FOREIGN KEY (run, task, version) REFERENCES proposal(run, task, version)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER user_password_no_update BEFORE UPDATE ON user_password
    BEGIN SELECT RAISE(ABORT, 'passwords are append-only; set a new one'); END;
    CREATE TRIGGER user_password_no_delete BEFORE DELETE ON user_password
    BEGIN SELECT RAISE(ABORT, 'passwords are append-only'); END;
    CREATE TRIGGER user_key_no_update BEFORE UPDATE ON user_key
    BEGIN SELECT RAISE(ABORT, 'keys are append-only; register a new one'); END;
    CREATE TRIGGER user_key_no_delete BEFORE DELETE ON user_key
    BEGIN SELECT RAISE(ABORT, 'keys are append-only'); END;
    CREATE TRIGGER decision_signature_no_update BEFORE UPDATE ON decision_signature
    BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
    CREATE TRIGGER decision_signature_no_delete BEFORE DELETE ON decision_signature
    BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
    """

    /// The seals of every row that decides or feeds the books (`RowSeals.tables`), append-only:
    /// one row per row written, naming the `rows.sealed` audit event that sealed it and the
    /// row's hash (NULL when the row was deleted). A row's latest seal is what it must match.
    static let v8RowSeals = """
    CREATE TABLE row_seal (
        tbl TEXT NOT NULL,
        key TEXT NOT NULL,
        -- The rows.sealed event (no foreign key: verification checks it, and the chain's own
        -- tamper tests renumber events with foreign keys on).
        seq INTEGER NOT NULL,
        hash BLOB CHECK (hash IS NULL OR length(hash) = 32),
        PRIMARY KEY (tbl, key, seq)
    ) STRICT, WITHOUT ROWID;

    -- The seals of one event, to check its digest when a row it sealed is used.
    CREATE INDEX row_seal_event ON row_seal (seq);

    CREATE TRIGGER row_seal_no_update BEFORE UPDATE ON row_seal
    BEGIN SELECT RAISE(ABORT, 'row seals are append-only'); END;
    CREATE TRIGGER row_seal_no_delete BEFORE DELETE ON row_seal
    BEGIN SELECT RAISE(ABORT, 'row seals are append-only'); END;
    """

    /// For books generated from a scenario: which one, and its injected faults (the
    /// manifest's ground truth), so a close summary can say which faults it found.
    static let v7ScenarioTruth = """
    CREATE TABLE scenario_truth (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scenario TEXT NOT NULL CHECK (scenario <> ''),
        seed TEXT NOT NULL,
        period TEXT NOT NULL,
        faults TEXT NOT NULL
    ) STRICT;
    """

    /// The entity that holds the consolidation's eliminations (at most one per group).
    static let v5ConsolidationEntity = """
    ALTER TABLE entity ADD COLUMN is_consolidation INTEGER NOT NULL DEFAULT 0 CHECK (is_consolidation IN (0, 1));
    CREATE UNIQUE INDEX entity_one_consolidation ON entity (is_consolidation) WHERE is_consolidation = 1;
    """

    static let v1Ledger = """
    CREATE TABLE ledger_group (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL CHECK (name <> ''),
        currency TEXT NOT NULL REFERENCES currency(code),
        fiscal_year_start_month INTEGER NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12)
    ) STRICT;

    CREATE TABLE currency (
        code TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
        exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4)
    ) STRICT;

    CREATE TABLE entity (
        code TEXT PRIMARY KEY CHECK (code <> ''),
        name TEXT NOT NULL,
        currency TEXT NOT NULL REFERENCES currency(code),
        country TEXT NOT NULL,
        parent TEXT REFERENCES entity(code)
    ) STRICT;

    CREATE TABLE account (
        code TEXT PRIMARY KEY CHECK (code <> ''),
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
        is_bank INTEGER NOT NULL CHECK (is_bank IN (0, 1)),
        is_intercompany INTEGER NOT NULL CHECK (is_intercompany IN (0, 1)),
        is_monetary INTEGER NOT NULL CHECK (is_monetary IN (0, 1)),
        is_closed INTEGER NOT NULL CHECK (is_closed IN (0, 1))
    ) STRICT;

    CREATE TABLE app_user (
        name TEXT PRIMARY KEY CHECK (name <> ''),
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('accountant', 'controller', 'cfo', 'auditor'))
    ) STRICT;

    -- A period without a row is open.
    CREATE TABLE period (
        entity TEXT NOT NULL REFERENCES entity(code),
        period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
        state TEXT NOT NULL CHECK (state IN ('open', 'soft-closed', 'closed')),
        PRIMARY KEY (entity, period)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE journal_entry (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL REFERENCES entity(code),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        fiscal_year INTEGER NOT NULL,
        document_number INTEGER CHECK (document_number >= 1),
        state TEXT NOT NULL CHECK (state IN ('draft', 'posted')),
        source TEXT NOT NULL CHECK (source <> ''),
        description TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
        content_hash BLOB NOT NULL CHECK (length(content_hash) = 32),
        -- The entry as submitted: the same key with the same payload is a replay (invariant 11).
        payload_hash BLOB NOT NULL CHECK (length(payload_hash) = 32),
        reverses INTEGER REFERENCES journal_entry(id),
        created_by TEXT NOT NULL,
        CHECK ((state = 'posted') = (document_number IS NOT NULL)),
        UNIQUE (entity, fiscal_year, document_number)
    ) STRICT;

    -- An entry is reversed at most once (invariant 8). Partial: most entries reverse nothing.
    CREATE UNIQUE INDEX journal_entry_reversed_once ON journal_entry (reverses) WHERE reverses IS NOT NULL;

    CREATE TABLE journal_line (
        entry_id INTEGER NOT NULL REFERENCES journal_entry(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 1),
        account TEXT NOT NULL REFERENCES account(code),
        currency TEXT NOT NULL REFERENCES currency(code),
        amount INTEGER NOT NULL CHECK (amount <> 0),
        functional_amount INTEGER NOT NULL
            CHECK (functional_amount <> 0 AND (functional_amount > 0) = (amount > 0)),
        partner TEXT REFERENCES entity(code),
        reference TEXT NOT NULL,
        description TEXT NOT NULL,
        PRIMARY KEY (entry_id, line_no)
    ) STRICT, WITHOUT ROWID;

    -- Gap-free document numbers: the last number given per entity and fiscal year.
    CREATE TABLE document_sequence (
        entity TEXT NOT NULL REFERENCES entity(code),
        fiscal_year INTEGER NOT NULL,
        last_number INTEGER NOT NULL CHECK (last_number >= 0),
        PRIMARY KEY (entity, fiscal_year)
    ) STRICT, WITHOUT ROWID;

    -- Balances cached per entity, account, currency and period, kept in the same
    -- transaction as the lines; `close audit verify` recomputes them (invariant 5).
    CREATE TABLE balance (
        entity TEXT NOT NULL REFERENCES entity(code),
        account TEXT NOT NULL REFERENCES account(code),
        currency TEXT NOT NULL REFERENCES currency(code),
        period TEXT NOT NULL,
        debit INTEGER NOT NULL CHECK (debit >= 0),
        credit INTEGER NOT NULL CHECK (credit >= 0),
        functional_debit INTEGER NOT NULL CHECK (functional_debit >= 0),
        functional_credit INTEGER NOT NULL CHECK (functional_credit >= 0),
        PRIMARY KEY (entity, period, account, currency)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE fx_rate (
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        from_currency TEXT NOT NULL REFERENCES currency(code),
        to_currency TEXT NOT NULL REFERENCES currency(code),
        type TEXT NOT NULL CHECK (type IN ('spot', 'average', 'closing')),
        rate TEXT NOT NULL CHECK (rate <> ''),
        CHECK (from_currency <> to_currency),
        PRIMARY KEY (from_currency, to_currency, type, date)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
        hash BLOB NOT NULL CHECK (length(hash) = 32)
    ) STRICT;

    CREATE TRIGGER journal_entry_posted_no_update BEFORE UPDATE ON journal_entry
    WHEN OLD.state = 'posted'
    BEGIN SELECT RAISE(ABORT, 'posted journal entries cannot be changed; reverse them'); END;

    CREATE TRIGGER journal_entry_posted_no_delete BEFORE DELETE ON journal_entry
    WHEN OLD.state = 'posted'
    BEGIN SELECT RAISE(ABORT, 'posted journal entries cannot be deleted; reverse them'); END;

    CREATE TRIGGER journal_line_posted_no_update BEFORE UPDATE ON journal_line
    WHEN (SELECT state FROM journal_entry WHERE id = OLD.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, 'lines of posted journal entries cannot be changed'); END;

    CREATE TRIGGER journal_line_posted_no_delete BEFORE DELETE ON journal_line
    WHEN (SELECT state FROM journal_entry WHERE id = OLD.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, 'lines of posted journal entries cannot be deleted'); END;

    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """

    /// Accounts at banks, so a statement's IBAN maps to an entity and a ledger account.
    static let v2BankAccounts = """
    CREATE TABLE bank_account (
        iban TEXT PRIMARY KEY CHECK (length(iban) BETWEEN 5 AND 34),
        entity TEXT NOT NULL REFERENCES entity(code),
        account TEXT NOT NULL REFERENCES account(code),
        bic TEXT,
        currency TEXT NOT NULL REFERENCES currency(code),
        UNIQUE (entity, account)
    ) STRICT;
    """

    /// Close runs, their tasks, every proposal version and every decision; policy versions.
    /// Proposals and decisions are append-only, like the audit chain that records them.
    static let v3CloseRuns = """
    CREATE TABLE policy_version (
        version INTEGER PRIMARY KEY CHECK (version >= 1),
        text TEXT NOT NULL,
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        set_by TEXT NOT NULL,
        reason TEXT NOT NULL
    ) STRICT;

    CREATE TABLE close_run (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL UNIQUE CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
        template TEXT NOT NULL,
        policy_version INTEGER NOT NULL REFERENCES policy_version(version),
        state TEXT NOT NULL CHECK (state IN ('running', 'closed')),
        started_by TEXT NOT NULL,
        -- The process running it now ("pid 123"), or NULL: two runs of a period never overlap.
        owner TEXT
    ) STRICT;

    CREATE TABLE close_task (
        run INTEGER NOT NULL REFERENCES close_run(id),
        task TEXT NOT NULL CHECK (task <> ''),
        kind TEXT NOT NULL,
        agent TEXT NOT NULL,
        position INTEGER NOT NULL,
        depends_on TEXT NOT NULL,
        hours INTEGER NOT NULL CHECK (hours >= 0),
        state TEXT NOT NULL CHECK (state IN ('pending', 'proposed', 'done', 'rejected')),
        -- Simulated hour (from the run's start) at which the task finished.
        done_at_hour INTEGER,
        PRIMARY KEY (run, task)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE proposal (
        run INTEGER NOT NULL,
        task TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        prepared_by TEXT NOT NULL,
        payload TEXT NOT NULL,
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        route TEXT NOT NULL,
        ready_at_hour INTEGER NOT NULL CHECK (ready_at_hour >= 0),
        PRIMARY KEY (run, task, version),
        FOREIGN KEY (run, task) REFERENCES close_task(run, task)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE decision (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL,
        task TEXT NOT NULL,
        version INTEGER NOT NULL,
        -- post-within-limits: an agent posted alone, as the policy's autonomy allowed; not an approval.
        kind TEXT NOT NULL CHECK (kind IN ('approve', 'reject', 'override', 'defer', 'post-within-limits')),
        user TEXT NOT NULL,
        reason TEXT NOT NULL,
        at_hour INTEGER NOT NULL CHECK (at_hour >= 0),
        FOREIGN KEY (run, task, version) REFERENCES proposal(run, task, version)
    ) STRICT;

    -- A reopening asked for by one approver and waiting for the second (controller and CFO).
    CREATE TABLE reopen_request (
        entity TEXT NOT NULL REFERENCES entity(code),
        period TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason <> ''),
        PRIMARY KEY (entity, period)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER proposal_no_update BEFORE UPDATE ON proposal
    BEGIN SELECT RAISE(ABORT, 'proposals are append-only; an override makes a new version'); END;
    CREATE TRIGGER proposal_no_delete BEFORE DELETE ON proposal
    BEGIN SELECT RAISE(ABORT, 'proposals are append-only'); END;
    CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER policy_version_no_update BEFORE UPDATE ON policy_version
    BEGIN SELECT RAISE(ABORT, 'policy versions are append-only'); END;
    """

    /// Imported bank statements and their lines, append-only: a statement is imported once
    /// (by account and statement id, with a content hash to refuse a different file under
    /// the same id).
    static let v4BankStatements = """
    CREATE TABLE bank_statement (
        id INTEGER PRIMARY KEY,
        iban TEXT NOT NULL,
        statement_id TEXT NOT NULL CHECK (statement_id <> ''),
        entity TEXT NOT NULL REFERENCES entity(code),
        account TEXT NOT NULL REFERENCES account(code),
        currency TEXT NOT NULL REFERENCES currency(code),
        opening_date TEXT NOT NULL,
        opening INTEGER NOT NULL,
        closing_date TEXT NOT NULL,
        closing INTEGER NOT NULL,
        content_hash BLOB NOT NULL CHECK (length(content_hash) = 32),
        source TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        UNIQUE (iban, statement_id)
    ) STRICT;

    CREATE TABLE bank_line (
        statement INTEGER NOT NULL REFERENCES bank_statement(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 1),
        booking_date TEXT NOT NULL,
        value_date TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount <> 0),
        reference TEXT NOT NULL,
        bank_reference TEXT NOT NULL,
        counterparty TEXT NOT NULL,
        description TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (statement, line_no)
    ) STRICT, WITHOUT ROWID;

    CREATE INDEX bank_statement_account ON bank_statement (entity, account, closing_date);

    CREATE TRIGGER bank_statement_no_update BEFORE UPDATE ON bank_statement
    BEGIN SELECT RAISE(ABORT, 'imported bank statements cannot be changed'); END;
    CREATE TRIGGER bank_statement_no_delete BEFORE DELETE ON bank_statement
    BEGIN SELECT RAISE(ABORT, 'imported bank statements cannot be deleted'); END;
    CREATE TRIGGER bank_line_no_update BEFORE UPDATE ON bank_line
    BEGIN SELECT RAISE(ABORT, 'imported bank lines cannot be changed'); END;
    CREATE TRIGGER bank_line_no_delete BEFORE DELETE ON bank_line
    BEGIN SELECT RAISE(ABORT, 'imported bank lines cannot be deleted'); END;
    """

    /// The goods-receipt log, append-only like bank statements: a receipt is imported once
    /// (the same id again must carry the same content), and the group's recurring accrual
    /// templates, saved with the group.
    static let v6GoodsReceiptsAndAccruals = """
    CREATE TABLE goods_receipt (
        receipt_id TEXT PRIMARY KEY CHECK (receipt_id <> ''),
        entity TEXT NOT NULL REFERENCES entity(code),
        supplier TEXT NOT NULL CHECK (supplier <> ''),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        currency TEXT NOT NULL REFERENCES currency(code),
        amount INTEGER NOT NULL CHECK (amount > 0),
        account TEXT NOT NULL REFERENCES account(code),
        description TEXT NOT NULL,
        -- NULL: not invoiced when the log was exported (goods received, not invoiced).
        invoice TEXT CHECK (invoice IS NULL OR invoice <> ''),
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL,
        imported_by TEXT NOT NULL
    ) STRICT;

    CREATE INDEX goods_receipt_entity_date ON goods_receipt (entity, date);

    CREATE TRIGGER goods_receipt_no_update BEFORE UPDATE ON goods_receipt
    BEGIN SELECT RAISE(ABORT, 'imported goods receipts cannot be changed'); END;
    CREATE TRIGGER goods_receipt_no_delete BEFORE DELETE ON goods_receipt
    BEGIN SELECT RAISE(ABORT, 'imported goods receipts cannot be deleted'); END;

    CREATE TABLE recurring_accrual (
        position INTEGER PRIMARY KEY CHECK (position >= 1),
        entity TEXT NOT NULL REFERENCES entity(code),
        account TEXT NOT NULL REFERENCES account(code),
        currency TEXT NOT NULL REFERENCES currency(code),
        amount INTEGER NOT NULL CHECK (amount > 0),
        description TEXT NOT NULL CHECK (description <> ''),
        -- The text of the invoice's posting that makes the accrual unnecessary; with entity
        -- and account, the template's key.
        matches TEXT NOT NULL CHECK (matches <> ''),
        UNIQUE (entity, account, matches)
    ) STRICT;
    """
}
