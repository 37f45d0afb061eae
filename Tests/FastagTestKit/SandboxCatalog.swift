import FastagBot
import Foundation

/// What the sandbox offers (CONVERSATION.md section 8), written out here for the tests that
/// walk the flows against it: the demo agent, its figures, the plans of the day, the makers,
/// the models of TOYOTA, the descriptors.
package enum SandboxCatalog {
    package static let demoMobile = "9876543210"
    package static let demoName = "Demo Agent"
    /// The demo agent's figures before any activation.
    package static let wallet = "₹5,000"
    package static let fastags = 10
    package static let customerOTP = "123456"

    /// The sandbox's plans today (the weekend offer on Saturday and Sunday, India time).
    package static var plans: [String] {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let weekend = [0, 6].contains(CalendarDate(indiaTimeAt: now).weekday)
        return ["400 Plan", "500 Plan"] + (weekend ? ["Weekend Offer 350 Plan"] : [])
    }

    package static let makers = [
        "MARUTI", "TOYOTA", "TATA", "HYUNDAI", "KIA MOTORS", "MAHINDRA & MAHINDRA", "MAHINDRA RENAULT", "MAHINDRA REVA",
        "MAHINDRA SSANGYONG", "HONDA", "FOTON", "JAYEM AUTOMOTIVE", "NISSAN MOTORS", "ASTON MARTIN",
    ]
    package static let toyotaModels = [
        "ALPHARD", "CAMRY", "COROLLA", "COROLLA ALTIS", "ETIOS", "ETIOS CROSS", "ETIOS LIVA", "FORTUNER", "GLANZA",
        "INNOVA",
    ]
    package static let descriptors = ["Petrol", "Diesel", "CNG", "Electric", "Hybrid"]

    /// A demo vehicle the sandbox's registry knows in full, and a demo tag of its class.
    package struct DemoVehicle: Sendable {
        package var number: String
        package var maker: String
        package var model: String
        package var descriptor: String
        /// As the summary shows it.
        package var vehicleClass: String
        package var barcode: String
    }

    package static let car = DemoVehicle(
        number: "MH04CA1004", maker: "MARUTI", model: "SWIFT", descriptor: "Petrol", vehicleClass: Copy.carClass,
        barcode: "608268-001-0045678")
    package static let goodsCarrier = DemoVehicle(
        number: "MH04GC1005", maker: "TATA", model: "ULTRA T.7", descriptor: "Diesel",
        vehicleClass: "5 (Light Commercial Vehicle)", barcode: "608268-001-0078901")
    package static let bus = DemoVehicle(
        number: "MH04BS1006", maker: "TATA", model: "STARBUS", descriptor: "Diesel", vehicleClass: "6 (Bus (2 axles))",
        barcode: "608268-001-0090123")
    /// The registry gives no class for it: the agent is asked.
    package static let classless = DemoVehicle(
        number: "MH04NC1008", maker: "MARUTI", model: "DZIRE", descriptor: "CNG", vehicleClass: Copy.carClass,
        barcode: "608268-001-0056789")

    /// The demo agent's menu.
    package static func menu(wallet: String = wallet, fastags: Int = fastags) -> String {
        Copy.menu(demoName, wallet: wallet, fastags: fastags)
    }

    /// The last agent OTP the sandbox wrote to a log.
    package static func agentOTP(in log: String) -> String? {
        log.split(separator: "\n").last { $0.contains("agent login OTP") }.flatMap { line in
            line.range(of: "otp=\"?[0-9]{4}", options: .regularExpression).map { String(line[$0].suffix(4)) }
        }
    }
}
