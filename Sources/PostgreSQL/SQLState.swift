/// A PostgreSQL error code, SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
///
/// Five characters: the first two name the class, the last three the condition. A struct
/// with constants, as SQLite's `ResultCode`, so that `switch` can match a condition against
/// its class: a code ending in `000` names the whole class, and `case .integrityConstraintViolation:`
/// matches `23505` too.
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The class this code belongs to (its first two characters followed by `000`).
    public var errorClass: SQLState { SQLState(String(rawValue.prefix(2)) + "000") }

    /// Whether this code names a whole class rather than one condition.
    public var isClass: Bool { rawValue.count == 5 && rawValue.hasSuffix("000") }

    public var description: String {
        if let name = Self.names[self] { return "\(rawValue) (\(name))" }
        return rawValue
    }

    /// Pattern matching: a class pattern matches every code of its class.
    public static func ~= (pattern: SQLState, code: SQLState) -> Bool {
        pattern.isClass ? pattern == code.errorClass : pattern == code
    }

    // Class 02: no data (this client's own use: a query that had to return a row did not).
    public static let noData = SQLState("02000")
    // Class 08: connection exception.
    public static let connectionException = SQLState("08000")
    public static let connectionDoesNotExist = SQLState("08003")
    public static let connectionFailure = SQLState("08006")
    public static let unableToConnect = SQLState("08001")
    public static let protocolViolation = SQLState("08P01")
    // Class 0A: feature not supported (also what a cached plan whose result type changed raises).
    public static let featureNotSupported = SQLState("0A000")
    // Class 22: data exception.
    public static let dataException = SQLState("22000")
    public static let stringDataRightTruncation = SQLState("22001")
    public static let numericValueOutOfRange = SQLState("22003")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let characterNotInRepertoire = SQLState("22021")
    // Class 23: integrity constraint violation.
    public static let integrityConstraintViolation = SQLState("23000")
    public static let notNullViolation = SQLState("23502")
    public static let foreignKeyViolation = SQLState("23503")
    public static let uniqueViolation = SQLState("23505")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    // Class 25: invalid transaction state.
    public static let invalidTransactionState = SQLState("25000")
    public static let readOnlySQLTransaction = SQLState("25006")
    public static let inFailedSQLTransaction = SQLState("25P02")
    // Class 40: transaction rollback.
    public static let transactionRollback = SQLState("40000")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    // Class 42: syntax error or access rule violation.
    public static let syntaxErrorOrAccessRuleViolation = SQLState("42000")
    public static let syntaxError = SQLState("42601")
    public static let undefinedColumn = SQLState("42703")
    public static let undefinedTable = SQLState("42P01")
    public static let duplicateTable = SQLState("42P07")
    public static let datatypeMismatch = SQLState("42804")
    // Class 53: insufficient resources.
    public static let insufficientResources = SQLState("53000")
    public static let tooManyConnections = SQLState("53300")
    // Class 54: program limit exceeded.
    public static let programLimitExceeded = SQLState("54000")
    // Class 55: object not in prerequisite state.
    public static let objectNotInPrerequisiteState = SQLState("55000")
    public static let lockNotAvailable = SQLState("55P03")
    // Class 57: operator intervention.
    public static let operatorIntervention = SQLState("57000")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let crashShutdown = SQLState("57P02")
    public static let cannotConnectNow = SQLState("57P03")
    // Class P0: PL/pgSQL (`RAISE EXCEPTION`).
    public static let plpgsqlError = SQLState("P0000")
    public static let raiseException = SQLState("P0001")
    // Class XX: internal error.
    public static let internalError = SQLState("XX000")

    /// The condition names of the constants above, as the appendix spells them.
    private static let names: [SQLState: String] = [
        .noData: "no_data", .connectionException: "connection_exception",
        .connectionDoesNotExist: "connection_does_not_exist", .connectionFailure: "connection_failure",
        .unableToConnect: "sqlclient_unable_to_establish_sqlconnection", .protocolViolation: "protocol_violation",
        .featureNotSupported: "feature_not_supported", .dataException: "data_exception",
        .stringDataRightTruncation: "string_data_right_truncation",
        .numericValueOutOfRange: "numeric_value_out_of_range",
        .invalidTextRepresentation: "invalid_text_representation",
        .characterNotInRepertoire: "character_not_in_repertoire",
        .integrityConstraintViolation: "integrity_constraint_violation", .notNullViolation: "not_null_violation",
        .foreignKeyViolation: "foreign_key_violation", .uniqueViolation: "unique_violation",
        .checkViolation: "check_violation", .exclusionViolation: "exclusion_violation",
        .invalidTransactionState: "invalid_transaction_state", .readOnlySQLTransaction: "read_only_sql_transaction",
        .inFailedSQLTransaction: "in_failed_sql_transaction", .transactionRollback: "transaction_rollback",
        .serializationFailure: "serialization_failure", .deadlockDetected: "deadlock_detected",
        .syntaxErrorOrAccessRuleViolation: "syntax_error_or_access_rule_violation", .syntaxError: "syntax_error",
        .undefinedColumn: "undefined_column", .undefinedTable: "undefined_table", .duplicateTable: "duplicate_table",
        .datatypeMismatch: "datatype_mismatch", .insufficientResources: "insufficient_resources",
        .tooManyConnections: "too_many_connections", .programLimitExceeded: "program_limit_exceeded",
        .objectNotInPrerequisiteState: "object_not_in_prerequisite_state", .lockNotAvailable: "lock_not_available",
        .operatorIntervention: "operator_intervention", .queryCanceled: "query_canceled",
        .adminShutdown: "admin_shutdown", .crashShutdown: "crash_shutdown", .cannotConnectNow: "cannot_connect_now",
        .plpgsqlError: "plpgsql_error", .raiseException: "raise_exception", .internalError: "internal_error",
    ]
}
