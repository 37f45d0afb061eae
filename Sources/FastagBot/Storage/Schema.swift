import SQLite

/// The schema as ordered migrations. Times are Unix milliseconds (UTC); money is integer
/// paise. Rules that protect the data live in the SQL itself (CHECK, UNIQUE, foreign keys),
/// not only in Swift. A shipped migration is never edited: changes are new migrations.
///
/// A CHECK lists allowed values as `x = 'a' OR x = 'b' OR …`, never `x IN ('a', 'b', …)`:
/// SQLite evaluates an IN list of three or more constants by building a temporary b-tree,
/// on every INSERT and UPDATE, which cost a third of a session insert.
enum Schema {
    static let migrator = Migrator([
        Migration(1, "agents, sessions, vehicles, fastags, documents, chat inbox and outbox", sql: version1),
        Migration(2, "the sandbox provider's books", sql: version2),
        Migration(3, "retry times for the chat inbox; per-chat order of the outbox", sql: version3),
        Migration(4, "the chat inbox looked up by channel and chat", sql: version4),
        Migration(5, "OTP limits per mobile number: sends and wrong codes", sql: version5),
        Migration(6, "what the retention pruning looks up", sql: version6),
        Migration(7, "leases that replicas sharing a database take on sessions and chats", sql: version7),
        Migration(8, "the channel's error code of a reply that failed", sql: version8),
        Migration(9, "each chat's 24-hour service window", sql: version9),
        Migration(10, "the vehicle class of a vehicle and of a FASTag", sql: version10),
        Migration(11, "the language each agent is spoken to in", sql: version11),
        Migration(12, "the console's sign-in sessions", sql: version12),
        Migration(13, "the funnel read from the session events alone; Shauryapay calls", sql: version13),
    ])

    /// The console's funnel reads a year of events in well under 200 ms only if it needs no
    /// join, window, DISTINCT, sort or per-row sums: each event keeps the flow and agent of
    /// its session then, `marks` (1: the session's first arrival at this state; 2: its entry
    /// into this flow; 4: it ended the flow from here: `completed`, or the login or the menu
    /// moving on to another flow; 8: it left the flow otherwise, as an assign sent back to
    /// the menu), and once the session moved on, where it went (`next_state`) and the
    /// whole seconds it stayed (`seconds`; NULL while it is still there, or stopped there).
    /// The funnel index lists the columns in the order the funnel groups them, so one
    /// ordered read counts each group. Existing rows are filled from their sessions and
    /// neighbours (the flow of a login or menu state by its name: sessions kept only their
    /// last flow). `provider_calls` keeps each Shauryapay call's name, outcome and latency:
    /// never its request or answer, which carry customers' details.
    private static let version13 = """
        ALTER TABLE session_events ADD COLUMN flow TEXT;
        ALTER TABLE session_events ADD COLUMN agent_id INTEGER;
        ALTER TABLE session_events ADD COLUMN marks INTEGER NOT NULL DEFAULT 0 CHECK (marks BETWEEN 0 AND 15);
        ALTER TABLE session_events ADD COLUMN next_state TEXT;
        ALTER TABLE session_events ADD COLUMN seconds INTEGER;
        UPDATE session_events SET
            flow = CASE WHEN to_state IN ('agent_mobile', 'agent_otp', 'logged_out') THEN 'login'
                WHEN to_state = 'menu' THEN 'menu'
                ELSE (SELECT s.flow FROM sessions s WHERE s.id = session_events.session_id) END,
            agent_id = (SELECT s.agent_id FROM sessions s WHERE s.id = session_events.session_id),
            next_state = (SELECT n.to_state FROM session_events n WHERE n.session_id = session_events.session_id
                AND n.id > session_events.id ORDER BY n.id LIMIT 1),
            seconds = ((SELECT n.at FROM session_events n WHERE n.session_id = session_events.session_id
                AND n.id > session_events.id ORDER BY n.id LIMIT 1) - at) / 1000;
        UPDATE session_events SET marks =
            CASE WHEN EXISTS (SELECT 1 FROM session_events p WHERE p.session_id = session_events.session_id
                AND p.id < session_events.id AND p.to_state = session_events.to_state) THEN 0 ELSE 1 END
            + CASE WHEN EXISTS (SELECT 1 FROM session_events p WHERE p.session_id = session_events.session_id
                AND p.id < session_events.id AND p.flow = session_events.flow) THEN 0 ELSE 2 END
            + CASE WHEN next_state = 'completed' OR (flow IN ('login', 'menu') AND (SELECT n.flow FROM session_events n
                WHERE n.session_id = session_events.session_id AND n.id > session_events.id ORDER BY n.id LIMIT 1)
                <> flow) THEN 4
                WHEN (SELECT n.flow FROM session_events n WHERE n.session_id = session_events.session_id
                    AND n.id > session_events.id ORDER BY n.id LIMIT 1) <> flow THEN 8 ELSE 0 END;
        CREATE INDEX session_events_funnel ON session_events(flow, to_state, seconds, marks, at);
        CREATE INDEX session_events_agent ON session_events(agent_id, flow, to_state, seconds, marks, at);
        CREATE INDEX session_events_entered ON session_events(at, flow) WHERE (marks & 2) = 2;

        CREATE TABLE provider_calls (
            id INTEGER PRIMARY KEY,
            session_id TEXT,
            call TEXT NOT NULL CHECK (length(call) BETWEEN 1 AND 64),
            outcome TEXT NOT NULL CHECK (outcome = 'ok' OR outcome = 'failed'),
            error TEXT CHECK (error IS NULL OR length(error) <= 64),
            latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0),
            at INTEGER NOT NULL
        );
        CREATE INDEX provider_calls_at ON provider_calls(at);
        CREATE INDEX provider_calls_session ON provider_calls(session_id, at);
        """

    /// Operators signed in to the console: the SHA-256 of the cookie's token (never the token),
    /// the CSRF token the pages send back, and when the sign-in ends. In the database, so that
    /// any replica recognises a sign-in and signing out ends it everywhere.
    private static let version12 = """
        CREATE TABLE console_sessions (
            token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
            csrf_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX console_sessions_expiry ON console_sessions(expires_at);
        """

    /// The language the bot speaks to the agent (`Language`: `en`, `hi`), chosen by the
    /// agent in a chat or through the agents API; existing agents keep English.
    private static let version11 = """
        ALTER TABLE agents ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language = 'en' OR language = 'hi');
        """

    /// Tags are made for one vehicle class and tolls are charged by the class in the tag:
    /// the class (the issuer's tag class id, one or two digits: `4` is a car) is kept with
    /// the vehicle and with its tag. Rows from before stay NULL (unknown).
    private static let version10 = """
        ALTER TABLE vehicles ADD COLUMN vehicle_class TEXT
            CHECK (vehicle_class IS NULL OR (length(vehicle_class) BETWEEN 1 AND 2 AND vehicle_class NOT GLOB '*[^0-9]*'));
        ALTER TABLE fastags ADD COLUMN vehicle_class TEXT
            CHECK (vehicle_class IS NULL OR (length(vehicle_class) BETWEEN 1 AND 2 AND vehicle_class NOT GLOB '*[^0-9]*'));
        """

    /// WhatsApp refuses free-form messages (131047) once an agent has not written for 24
    /// hours: the sender keeps each chat's last inbound time, and when it last sent the
    /// template that asks the agent to write again (once per closed window). Filled from
    /// the inbox so that chats already under way keep their windows.
    private static let version9 = """
        CREATE TABLE chat_windows (
            channel TEXT NOT NULL CHECK (channel = 'whatsapp' OR channel = 'interakt'),
            chat_id TEXT NOT NULL,
            last_inbound_at INTEGER NOT NULL,
            template_sent_at INTEGER,
            PRIMARY KEY (channel, chat_id)
        );
        INSERT INTO chat_windows (channel, chat_id, last_inbound_at)
        SELECT channel, chat_id, max(received_at) FROM inbox GROUP BY channel, chat_id;
        """

    /// A reply the channel reports failed keeps the channel's error code (Meta's 131026,
    /// 131047…) beside `last_error`, so operators can tell undeliverable from a closed window.
    private static let version8 = """
        ALTER TABLE outbox ADD COLUMN error_code INTEGER;
        """

    /// Replicas on one PostgreSQL database take turns through leases (`LeaseStore`): one
    /// input at a time per session, one replica answering or sending a chat at a time. A
    /// lease names its holder (a replica) and expires unless renewed, so a replica that
    /// dies hands its sessions and chats on. SQLite has one process, which needs none, but
    /// keeps the table so that both schemas stay one.
    private static let version7 = """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX leases_holder ON leases(holder);
        """

    /// OTP limits belong to a mobile number (`subject`: `agent:<mobile>`, or
    /// `customer:<flow>:<mobile>:<vehicle>`), not to a session: a new session or another
    /// front door must not start them again. `otp_sends` keeps the recent sends (a sliding
    /// window); `otp_attempts` counts codes tried, incremented in SQL so that parallel
    /// sessions cannot lose each other's counts.
    private static let version5 = """
        CREATE TABLE otp_sends (
            id INTEGER PRIMARY KEY,
            subject TEXT NOT NULL,
            sent_at INTEGER NOT NULL
        );
        CREATE INDEX otp_sends_subject ON otp_sends(subject, sent_at);

        CREATE TABLE otp_attempts (
            subject TEXT PRIMARY KEY,
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            last_attempt_at INTEGER NOT NULL,
            locked_until INTEGER
        );
        """

    /// The retention pruning (`Retention.swift`) finds old rows by time without reading whole
    /// tables; deleting an inbox row checks that no reply refers to it (`outbox_inbox`), and a
    /// photo file is removed only when no row shares its content (`documents_sha256`).
    private static let version6 = """
        CREATE INDEX inbox_answered ON inbox(processed_at) WHERE processed_at IS NOT NULL;
        CREATE INDEX outbox_finished ON outbox(updated_at) WHERE status != 'pending';
        CREATE INDEX outbox_inbox ON outbox(inbox_id);
        CREATE INDEX sessions_finished ON sessions(updated_at) WHERE status != 'open';
        CREATE INDEX documents_sha256 ON documents(sha256);
        """

    /// The worker reads a chat's unanswered messages by channel and chat, and finds the
    /// chats with work by grouping on them; the outbox is read the same way, never by time.
    private static let version4 = """
        DROP INDEX inbox_unprocessed;
        CREATE INDEX inbox_chat_unprocessed ON inbox(channel, chat_id, id) WHERE processed_at IS NULL;
        DROP INDEX outbox_due;
        """

    /// An inbox message whose photo could not be fetched waits, like an outbox reply; the
    /// sender takes each chat's replies strictly in order.
    private static let version3 = """
        ALTER TABLE inbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
        DROP INDEX inbox_unprocessed;
        CREATE INDEX inbox_unprocessed ON inbox(chat_id, id) WHERE processed_at IS NULL;
        CREATE INDEX outbox_chat_pending ON outbox(channel, chat_id, id) WHERE status = 'pending';
        """

    /// The sandbox provider keeps its books here: the plans it sells and what it has
    /// activated (a barcode is sold once; a provider session is charged once).
    private static let version2 = """
        CREATE TABLE sandbox_plans (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
            weekend_only INTEGER NOT NULL DEFAULT 0 CHECK (weekend_only IN (0, 1))
        );
        INSERT INTO sandbox_plans (id, name, amount_paise, weekend_only) VALUES
            ('400', '400 Plan', 40000, 0),
            ('500', '500 Plan', 50000, 0),
            ('350', 'Weekend Offer 350 Plan', 35000, 1);

        CREATE TABLE sandbox_activations (
            provider_session_id TEXT PRIMARY KEY,
            agent_id INTEGER NOT NULL REFERENCES agents(id),
            kind TEXT NOT NULL CHECK (kind IN ('activation', 'replacement')),
            barcode TEXT NOT NULL UNIQUE,
            vehicle_number TEXT NOT NULL,
            amount_paise INTEGER NOT NULL CHECK (amount_paise >= 0),
            created_at INTEGER NOT NULL
        );
        """

    private static let version1 = """
        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 50),
            last_name TEXT NOT NULL DEFAULT '' CHECK (length(last_name) <= 50),
            mobile TEXT NOT NULL CHECK (length(mobile) = 10 AND mobile NOT GLOB '*[^0-9]*'),
            shauryapay_agent_id TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
            wallet_balance_paise INTEGER NOT NULL DEFAULT 0 CHECK (wallet_balance_paise >= 0),
            fastags_left INTEGER NOT NULL DEFAULT 0 CHECK (fastags_left >= 0),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER
        );
        -- A deleted agent keeps its history (sessions, tags) but frees its mobile number.
        CREATE UNIQUE INDEX agents_mobile ON agents(mobile) WHERE deleted_at IS NULL;

        CREATE TABLE agent_otps (
            agent_id INTEGER PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
            otp_hash TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_sent_at INTEGER NOT NULL
        );

        CREATE TABLE sessions (
            id TEXT PRIMARY KEY CHECK (length(id) = 36),
            agent_id INTEGER REFERENCES agents(id),
            channel TEXT NOT NULL CHECK (channel = 'api' OR channel = 'whatsapp' OR channel = 'interakt'),
            chat_id TEXT,
            flow TEXT NOT NULL DEFAULT 'login',
            state TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data) AND json_type(data) = 'object'),
            provider_request_id TEXT,
            provider_session_id TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status = 'open' OR status = 'completed' OR status = 'expired' OR status = 'cancelled'),
            authenticated_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_activity_at INTEGER NOT NULL,
            completed_at INTEGER,
            expired_at INTEGER
        );
        CREATE INDEX sessions_agent ON sessions(agent_id, status);
        CREATE INDEX sessions_status ON sessions(status, created_at);
        -- One open conversation per chat.
        CREATE UNIQUE INDEX sessions_open_chat ON sessions(channel, chat_id) WHERE status = 'open' AND chat_id IS NOT NULL;

        CREATE TABLE session_events (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            from_state TEXT,
            to_state TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX session_events_session ON session_events(session_id, id);

        CREATE TABLE vehicles (
            id INTEGER PRIMARY KEY,
            registration_number TEXT NOT NULL UNIQUE CHECK (length(registration_number) BETWEEN 6 AND 11),
            engine_last5 TEXT CHECK (engine_last5 IS NULL OR length(engine_last5) = 5),
            chassis_number TEXT,
            maker TEXT,
            model TEXT,
            descriptor TEXT,
            colour TEXT,
            vehicle_type TEXT,
            state_of_registration TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE fastags (
            id INTEGER PRIMARY KEY,
            tag_number TEXT NOT NULL UNIQUE CHECK (length(tag_number) BETWEEN 4 AND 40),
            serial_number TEXT,
            agent_id INTEGER REFERENCES agents(id),
            vehicle_id INTEGER REFERENCES vehicles(id),
            customer_name TEXT,
            customer_mobile TEXT CHECK (customer_mobile IS NULL OR length(customer_mobile) = 10),
            plan TEXT,
            status TEXT NOT NULL DEFAULT 'available'
                CHECK (status = 'available' OR status = 'active' OR status = 'inactive' OR status = 'replaced'),
            balance_paise INTEGER NOT NULL DEFAULT 0 CHECK (balance_paise >= 0),
            activated_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CHECK (status != 'active' OR vehicle_id IS NOT NULL)
        );
        CREATE INDEX fastags_agent ON fastags(agent_id, status);
        -- A vehicle carries at most one active tag.
        CREATE UNIQUE INDEX fastags_active_vehicle ON fastags(vehicle_id) WHERE status = 'active';

        CREATE TABLE fastag_transactions (
            id INTEGER PRIMARY KEY,
            fastag_id INTEGER NOT NULL REFERENCES fastags(id),
            kind TEXT NOT NULL
                CHECK (kind = 'activation' OR kind = 'recharge' OR kind = 'deactivation' OR kind = 'replacement'),
            amount_paise INTEGER NOT NULL CHECK (amount_paise >= 0),
            balance_after_paise INTEGER NOT NULL CHECK (balance_after_paise >= 0),
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            note TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX fastag_transactions_tag ON fastag_transactions(fastag_id, id);

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            vehicle_id INTEGER REFERENCES vehicles(id),
            kind TEXT NOT NULL
                CHECK (kind = 'rc_front' OR kind = 'rc_back' OR kind = 'vehicle_front' OR kind = 'vehicle_side' OR kind = 'tag_fixed'),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            mime_type TEXT NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png')),
            size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
            stored_path TEXT NOT NULL,
            uploaded_to_provider_at INTEGER,
            created_at INTEGER NOT NULL,
            UNIQUE (session_id, kind)
        );
        CREATE INDEX documents_vehicle ON documents(vehicle_id);

        -- Chat messages as received, keyed by the provider's message id (duplicates are ignored).
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'interakt')),
            provider_message_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            received_at INTEGER NOT NULL,
            processed_at INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (channel, provider_message_id)
        );
        CREATE INDEX inbox_unprocessed ON inbox(id) WHERE processed_at IS NULL;

        -- Replies waiting to be sent, and what became of them.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'interakt')),
            chat_id TEXT NOT NULL,
            inbox_id INTEGER REFERENCES inbox(id),
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status = 'pending' OR status = 'sent' OR status = 'delivered' OR status = 'read' OR status = 'failed'),
            provider_message_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX outbox_provider_message ON outbox(provider_message_id) WHERE provider_message_id IS NOT NULL;
        """
}
