/// The OTP limits of migration 5, in SQL. Each function runs inside one `StoragePool.write`
/// closure, and `issue` and `count` take turns per subject (`SQLConnection.takeTurns`), so
/// what they read and what they write are one step for every other writer, on any replica.
enum OTPLimitStore {
    /// Tries of a subject nobody has tried for a day are forgotten (the table stays small).
    static let forgetAfterMilliseconds: Int64 = 86_400_000

    /// Records an agent OTP's send and keeps its hash, unless the subject is locked or its
    /// window's sends are used up.
    static func issue(
        _ otp: AgentOTP, subject: OTPSubject, limit: OTPSendLimit, now: Int64, in db: SQLConnection
    ) throws -> OTPIssue {
        let key = subject.key
        try db.takeTurns(on: "otp:" + key)
        if let until = try db.queryOne(
            "SELECT locked_until FROM otp_attempts WHERE subject = ? AND locked_until > ?", key, now)
        {
            return .locked(until: try until.get(0, as: Int64.self))
        }
        let window = limit.windowSeconds * 1000
        try db.run("DELETE FROM otp_sends WHERE sent_at <= ?", now - window)
        let sends = try db.scalar("SELECT count(*) FROM otp_sends WHERE subject = ?", [key], as: Int.self)
        if sends >= limit.maxSends {
            // The next send is allowed when enough of these have left the window.
            let freeing = try db.scalar(
                "SELECT sent_at FROM otp_sends WHERE subject = ? ORDER BY sent_at LIMIT 1 OFFSET ?",
                [key, sends - limit.maxSends], as: Int64.self)
            return .tooManySends(until: freeing + window)
        }
        try db.run("INSERT INTO otp_sends (subject, sent_at) VALUES (?, ?)", key, now)
        try db.run(
            """
            INSERT INTO agent_otps (agent_id, otp_hash, expires_at, attempts, last_sent_at) VALUES (?, ?, ?, 0, ?)
            ON CONFLICT (agent_id) DO UPDATE SET otp_hash = excluded.otp_hash, expires_at = excluded.expires_at,
                attempts = 0, last_sent_at = excluded.last_sent_at
            """,
            otp.agentID, otp.hash, otp.expiresAt, otp.lastSentAt)
        return .issued
    }

    /// Counts one try with an increment in SQL (never a value read and written back).
    static func count(_ subject: OTPSubject, limit: OTPAttemptLimit, now: Int64, in db: SQLConnection) throws
        -> OTPAttempt
    {
        let key = subject.key
        // Tries of one subject at the same moment (other sessions, other replicas) count one
        // after another: each reads what the one before wrote.
        try db.takeTurns(on: "otp:" + key)
        try db.run(
            "DELETE FROM otp_attempts WHERE last_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)",
            now - forgetAfterMilliseconds, now)
        // A lock that has ended starts a new count.
        try db.run(
            "UPDATE otp_attempts SET attempts = 0, locked_until = NULL WHERE subject = ? AND locked_until <= ?",
            key, now)
        if let row = try db.queryOne("SELECT attempts, locked_until FROM otp_attempts WHERE subject = ?", key) {
            if let until = try row.get("locked_until", as: Int64?.self) { return .refused(until: until) }
            if limit.lockSeconds == nil, try row.get("attempts", as: Int.self) >= limit.maxAttempts {
                return .refused(until: nil)
            }
        }
        let lockUntil: Int64? = limit.lockSeconds.map { now + $0 * 1000 }
        // `CAST(?4 AS BIGINT)`: PostgreSQL cannot tell a CASE's type from a parameter alone.
        let counted = try db.query(
            """
            INSERT INTO otp_attempts (subject, attempts, last_attempt_at, locked_until)
            VALUES (?1, 1, ?2, CASE WHEN ?3 <= 1 THEN CAST(?4 AS BIGINT) END)
            ON CONFLICT (subject) DO UPDATE SET attempts = otp_attempts.attempts + 1, last_attempt_at = ?2,
                locked_until = CASE WHEN otp_attempts.attempts + 1 >= ?3 THEN CAST(?4 AS BIGINT) END
            RETURNING attempts
            """, [key, now, limit.maxAttempts, lockUntil])
        let attempts = try counted.first?.get("attempts", as: Int.self) ?? 1
        return .counted(last: attempts >= limit.maxAttempts)
    }

    /// Takes back one counted try (it was not a wrong code), and the lock it set if it was
    /// the last (a lock another try set stays).
    static func uncount(_ subject: OTPSubject, _ attempt: OTPAttempt, in db: SQLConnection) throws {
        guard case .counted(let last) = attempt else { return }
        try db.run(
            """
            UPDATE otp_attempts SET attempts = attempts - 1, locked_until = CASE WHEN ? THEN NULL ELSE locked_until END
            WHERE subject = ? AND attempts > 0
            """, last, subject.key)
    }

    static func clear(_ subject: OTPSubject, in db: SQLConnection) throws {
        try db.run("DELETE FROM otp_attempts WHERE subject = ?", subject.key)
    }

    /// The latest recorded send to `subject` (sends leave the table with the login window).
    static func lastSend(_ subject: OTPSubject, in db: SQLConnection) throws -> Int64? {
        try db.queryOne("SELECT max(sent_at) FROM otp_sends WHERE subject = ?", subject.key)?.get(0, as: Int64?.self)
    }

    static func recordSend(_ subject: OTPSubject, now: Int64, in db: SQLConnection) throws {
        try db.run("INSERT INTO otp_sends (subject, sent_at) VALUES (?, ?)", subject.key, now)
    }
}
