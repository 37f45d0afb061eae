import FastagBot

/// The replace flow (CONVERSATION.md section 3) through its step endpoints, as data: from
/// the menu to the replaced tag, each request and what the bot answers.
package struct ReplaceScript: Sendable {
    package var vehicle = "MH12AB1235"
    package var mobile = "9123456780"
    /// The new tag, the only one offered for its last four digits.
    package var barcode: String
    /// How the agent picks it: its number in the list or the barcode itself.
    package var barcodeAnswer: JSONValue = "1"
    package var reason = "Others"
    /// Asked for "Others" only.
    package var description: String? = "Sticker peeled off"
    /// The confirmation as sent: `"Yes"` or `true`.
    package var confirm: JSONValue = "Yes"
    package var customerOTP: String
    /// The agent's figures after the replacement.
    package var wallet: String
    package var fastags: Int

    package init(barcode: String, customerOTP: String, wallet: String, fastags: Int) {
        self.barcode = barcode
        self.customerOTP = customerOTP
        self.wallet = wallet
        self.fastags = fastags
    }

    package func endpointMoves() -> [StepMove] {
        let path = "/fastags/replace/"
        var reasonBody: [String: JSONValue] = ["reason": .string(reason)]
        if let description { reasonBody["description"] = .string(description) }
        let shownReason = description.map { "\(reason): \($0)" } ?? reason
        return [
            StepMove(
                path + "vehicle_number", ["vehicle_number": .string(vehicle)], says: Copy.askCustomerMobile,
                step: "user_mobile"),
            StepMove(
                path + "user_mobile", ["user_mobile": .string(mobile)], says: Copy.askReplaceSerial, step: "serial"),
            StepMove(
                path + "serial_number", ["serial_number": .string(String(barcode.suffix(4)))],
                says: Copy.askBarcode([barcode]), step: "barcode", options: [barcode]),
            StepMove(
                path + "barcode", ["barcode": barcodeAnswer], says: Copy.askReason, step: "reason",
                options: Copy.reasonOptions),
            StepMove(
                path + "reason", reasonBody,
                says: Copy.replaceSummary(vehicle: vehicle, mobile: mobile, barcode: barcode, reason: shownReason),
                step: "confirm", options: Copy.confirmOptions.titles),
            StepMove(path + "confirm", ["confirm": confirm], says: Copy.askCustomerOTP(mobile), step: "replace_otp"),
            StepMove(
                path + "user_otp", ["otp": .string(customerOTP)],
                says: Copy.replaced(vehicle: vehicle, barcode: barcode, wallet: wallet, fastags: fastags),
                step: "menu", options: Copy.menuOptions.titles),
        ]
    }
}
