/// An in-process stand-in for Shauryapay, so the whole dialogue works offline. It is
/// deterministic and keeps its books in the database: the agent's wallet and FASTag count
/// (the `agents` row), the barcodes in stock (the agent's `available` FASTags), the plans
/// (`sandbox_plans`) and what it activated (`sandbox_activations`).
///
/// Test data:
/// - the customer OTP is `123456` (for replacements too);
/// - a vehicle number whose last digit is even comes back from the registry with maker,
///   model and descriptor (so those questions are skipped); an odd one comes back empty;
///   both are cars (class 4), except the demo vehicles of `VehicleCatalog.demoVehicles`: a
///   car, a goods carrier (class 5), a bus (class 6) and one whose class the registry lacks;
/// - the demo tags are of classes 4, 5 and 6 (`SandboxSeed`); a tag is activated only for
///   its own class;
/// - an ID number containing `0000` is "already linked to another mobile" (wallet refused);
/// - plans: "400 Plan" and "500 Plan" every day, "Weekend Offer 350 Plan" on Saturdays and
///   Sundays (India time);
/// - validation refuses when the wallet holds less than the cheapest plan; activation
///   debits the plan's amount and one FASTag, a replacement one FASTag.
struct SandboxProvider: FastagProvider {
    let pool: StoragePool
    let time: any TimeSource

    static let customerOTP = "123456"
    static let demoAgentMobile = "9876543210"

    init(storage: Storage) {
        pool = storage.pool
        time = storage.time
    }

    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String)
        async throws(ProviderError)
        -> ProviderSession
    {
        newSession()
    }

    func validateCustomerOTP(
        _ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String
    )
        async throws(ProviderError) -> RegistryVehicle
    {
        try checkSession(session)
        guard otp == Self.customerOTP else { throw .rejected("Invalid OTP. Please check and try again.") }
        let figures = try await figures(agent)
        let cheapest = try await plans(agent).compactMap(\.amountPaise).min() ?? 0
        guard figures.walletPaise >= cheapest else {
            throw .rejected("Insufficient wallet balance. Please recharge to continue.")
        }
        return Self.registry(vehicleNumber)
    }

    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan] {
        let weekend = [0, 6].contains(CalendarDate(indiaTimeAt: time.nowMilliseconds()).weekday)
        return try await read { db in
            try db.query(
                "SELECT id, name, amount_paise, weekend_only FROM sandbox_plans ORDER BY weekend_only, amount_paise"
            )
            .filter { row in try weekend || row.get("weekend_only", as: Int.self) == 0 }
            .map { Plan(id: try $0.get("id"), name: try $0.get("name"), amountPaise: try $0.get("amount_paise")) }
        }
    }

    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    {
        try checkSession(session)
        if customer.idNumber.contains("0000") {
            throw .rejected("This ID proof is already linked to another mobile number.")
        }
    }

    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    {
        try checkSession(session)
    }

    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [AvailableTag] {
        try await read { db in
            // Tags stocked before classes were kept are cars, as everything was then.
            try db.query(
                """
                SELECT tag_number, coalesce(vehicle_class, '4') AS vehicle_class FROM fastags
                WHERE agent_id = ? AND status = 'available'
                    AND tag_number NOT IN (SELECT barcode FROM sandbox_activations) ORDER BY tag_number
                """, agent.localID
            ).map { AvailableTag(barcode: try $0.get("tag_number"), vehicleClass: try $0.get("vehicle_class")) }
        }
    }

    /// One barcode of `availableBarcodes`, if there: activation looks up only its own (an
    /// agent's stock is hundreds of tags).
    private func availableBarcode(_ agent: ProviderAgent, _ barcode: String) async throws(ProviderError)
        -> AvailableTag?
    {
        try await read { db in
            try db.queryOne(
                """
                SELECT tag_number, coalesce(vehicle_class, '4') AS vehicle_class FROM fastags
                WHERE tag_number = ? AND agent_id = ? AND status = 'available'
                    AND tag_number NOT IN (SELECT barcode FROM sandbox_activations)
                """, barcode, agent.localID
            ).map { AvailableTag(barcode: try $0.get("tag_number"), vehicleClass: try $0.get("vehicle_class")) }
        }
    }

    func vehicleClasses() async throws(ProviderError) -> [VehicleClass] {
        VehicleClass.known.map(\.vehicleClass)
    }

    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String)
        async throws(ProviderError)
        -> [String]
    {
        VehicleCatalog.makers
    }

    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    {
        VehicleCatalog.models[maker] ?? []
    }

    func descriptors() async throws(ProviderError) -> [String] {
        VehicleCatalog.descriptors
    }

    func setVehicleDetails(_ agent: ProviderAgent, session: ProviderSession, vehicle: VehicleDetails)
        async throws(ProviderError)
    {
        try checkSession(session)
        guard VehicleCatalog.models[vehicle.maker]?.contains(vehicle.model) == true else {
            throw .rejected("Unknown vehicle model \(vehicle.maker) \(vehicle.model).")
        }
    }

    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    {
        try checkSession(session)
        let tag = try await availableBarcode(agent, activation.barcode)
        if let tag, tag.vehicleClass != activation.vehicleClass.tagClassID {
            throw .rejected(
                "Barcode \(activation.barcode) is for vehicle class \(tag.vehicleClass ?? "?"), "
                    + "not \(activation.vehicleClass.tagClassID).")
        }
        try await charge(
            agent, session: session, kind: "activation", barcode: activation.barcode,
            vehicleNumber: activation.vehicleNumber, amount: activation.planAmountPaise ?? 0)
    }

    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    {
        guard try await availableBarcodes(agent).contains(where: { $0.barcode == replacement.barcode }) else {
            throw .rejected("Barcode \(replacement.barcode) is not available.")
        }
        var session = newSession()
        // The sandbox is stateless between calls: the session carries what validation needs.
        session.requestID += ":" + replacement.barcode
        return session
    }

    func validateReplacementOTP(
        _ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String
    )
        async throws(ProviderError)
    {
        try checkSession(session)
        guard otp == Self.customerOTP else { throw .rejected("Invalid OTP. Please check and try again.") }
        guard let barcode = session.requestID.split(separator: ":").last.map(String.init) else {
            throw .rejected("Replacement request not found.")
        }
        try await charge(
            agent, session: session, kind: "replacement", barcode: barcode, vehicleNumber: vehicleNumber, amount: 0)
    }

    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures {
        try await read { db in
            guard
                let row = try db.queryOne(
                    "SELECT wallet_balance_paise, fastags_left FROM agents WHERE id = ?", agent.localID)
            else { return AgentFigures(walletPaise: 0, fastagsLeft: 0) }
            return AgentFigures(
                walletPaise: try row.get("wallet_balance_paise"), fastagsLeft: try row.get("fastags_left"))
        }
    }

    // MARK: - Books

    /// Sells the barcode once and charges once per provider session: a repeated call with
    /// the same session succeeds without charging again.
    private func charge(
        _ agent: ProviderAgent, session: ProviderSession, kind: String, barcode: String, vehicleNumber: String,
        amount: Int64
    ) async throws(ProviderError) {
        let now = time.nowMilliseconds()
        let outcome: Result<Void, ProviderError>
        do {
            outcome = try await pool.write { db -> Result<Void, ProviderError> in
                // The agent's row first, locked on PostgreSQL: replicas charging one agent
                // take turns, and the checks below see what the one before committed.
                let row = try db.queryOne(
                    "SELECT wallet_balance_paise, fastags_left FROM agents WHERE id = ?" + db.dialect.lockingRead,
                    agent.localID)
                if try db.queryOne("SELECT 1 FROM sandbox_activations WHERE provider_session_id = ?", session.sessionID)
                    != nil
                {
                    return .success(())
                }
                let available = try db.queryOne(
                    """
                    SELECT 1 FROM fastags WHERE tag_number = ? AND agent_id = ? AND status = 'available'
                        AND tag_number NOT IN (SELECT barcode FROM sandbox_activations)
                    """, barcode, agent.localID)
                guard available != nil else { return .failure(.rejected("Barcode \(barcode) is not available.")) }
                guard let row else { return .failure(.rejected("Agent not found.")) }
                let wallet: Int64 = try row.get("wallet_balance_paise")
                let tags: Int64 = try row.get("fastags_left")
                guard tags >= 1 else {
                    return .failure(.rejected("No FASTags left. Please get more FASTags to continue."))
                }
                guard wallet >= amount else {
                    return .failure(.rejected("Insufficient wallet balance. Please recharge to continue."))
                }
                try db.run(
                    """
                    UPDATE agents SET wallet_balance_paise = wallet_balance_paise - ?, fastags_left = fastags_left - 1,
                        updated_at = ? WHERE id = ?
                    """, amount, now, agent.localID)
                try db.run(
                    """
                    INSERT INTO sandbox_activations (provider_session_id, agent_id, kind, barcode, vehicle_number,
                        amount_paise, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, session.sessionID, agent.localID, kind, barcode, vehicleNumber, amount, now)
                return .success(())
            }
        } catch {
            throw .unavailable("sandbox books: \(error)")
        }
        try outcome.get()
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (SQLConnection) throws -> T) async throws(ProviderError)
        -> T
    {
        do {
            return try await pool.read(body)
        } catch {
            throw .unavailable("sandbox books: \(error)")
        }
    }

    private func newSession() -> ProviderSession {
        let token = Crypto.randomToken(bytes: 8)
        return ProviderSession(requestID: "SBXREQ-\(token)", sessionID: "SBXSES-\(token)")
    }

    private func checkSession(_ session: ProviderSession) throws(ProviderError) {
        guard session.sessionID.hasPrefix("SBXSES-") else { throw .rejected("Session expired. Please start again.") }
    }

    /// Even last digit: the registry knows the vehicle (chosen from the catalog by its digits).
    static func registry(_ vehicleNumber: String) -> RegistryVehicle {
        if let demo = VehicleCatalog.demoVehicles[vehicleNumber] { return demo }
        let digits = vehicleNumber.compactMap(\.wholeNumberValue)
        guard let last = digits.last, last % 2 == 0 else {
            return RegistryVehicle(colour: "WHITE", tagClassID: "4", npciClassID: "4", classType: "LMV")
        }
        let sum = digits.reduce(0, +)
        let makers = ["MARUTI", "TOYOTA", "HYUNDAI", "TATA"]
        let maker = makers[sum % makers.count]
        let models = VehicleCatalog.models[maker] ?? []
        return RegistryVehicle(
            maker: maker, model: models[sum % models.count],
            descriptor: VehicleCatalog.descriptors[sum % VehicleCatalog.descriptors.count], colour: "WHITE",
            vehicleType: "Motor Car", chassisNumber: nil, stateOfRegistration: String(vehicleNumber.prefix(2)),
            tagClassID: "4", npciClassID: "4", classType: "LMV")
    }
}
