extension Validators {
    /// The text with every decimal digit of any script (Devanagari `०५`, Gujarati, Bengali,
    /// full-width…) written as its ASCII digit, the rest untouched. Agents whose keyboard is
    /// set to Hindi type `९८७६५४३२१०` for a mobile number; every number the dialogue reads
    /// (OTPs, mobiles, dates, option numbers, serials, vehicle and engine numbers) goes through
    /// this first. The API's own validators do not: their schema patterns promise ASCII.
    static func asciiDigits(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !scalar.isASCII, scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
                (0...9).contains(value)
            {
                scalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(value)))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
