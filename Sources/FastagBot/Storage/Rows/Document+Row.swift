extension Document: RowDecodable {
    static let table = "documents"
    static let columns = [
        "id", "session_id", "vehicle_id", "kind", "sha256", "mime_type", "size_bytes", "stored_path",
        "uploaded_to_provider_at", "created_at",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), sessionID: row.get("session_id"), vehicleID: row.get("vehicle_id"),
            kind: row.choice("kind"), sha256: row.get("sha256"), mimeType: row.get("mime_type"),
            sizeBytes: row.get("size_bytes"), storedPath: row.get("stored_path"),
            uploadedToProviderAt: row.get("uploaded_to_provider_at"), createdAt: row.get("created_at"))
    }
}
