/// The Hindi of the sentences that carry values (`TextPattern`: `{}` in the English, `{1}`,
/// `{2}`… in the Hindi).
extension Hindi {
    static let patterns: [TextPattern] = [
        TextPattern(
            "“{}” matches {} and {} more. Please reply with the number or the full name.",
            "“{1}” से {2} और {3} और मिलते हैं। नंबर या पूरा नाम लिखें।"),
        TextPattern(
            "“{}” matches {}. Please reply with the number or the full name.",
            "“{1}” से {2} मिलते हैं। नंबर या पूरा नाम लिखें।"),
        TextPattern("Did you mean {}?", "क्या आपका मतलब {1} है?"),
        TextPattern(
            "{} ends in 0000, which no registration has (the last 4 digits run from 0001 to 9999). Please check the vehicle number.",
            "{1} के आखिर में 0000 है, ऐसा कोई रजिस्ट्रेशन नहीं होता (आखिरी 4 अंक 0001 से 9999 तक होते हैं)। गाड़ी नंबर चेक करें।"),
        TextPattern(
            "Too many wrong OTPs. You can log in again after {}.",
            "बहुत बार गलत OTP डाला गया। आप {1} के बाद फिर से लॉग इन कर सकते हैं।"),
        TextPattern(
            "Too many OTPs were sent to this number. You can ask for a new one after {}.",
            "इस नंबर पर बहुत सारे OTP भेजे जा चुके हैं। नया OTP {1} के बाद मांग सकते हैं।"),
        TextPattern(
            "Hi {} 👋,\n💼Your Wallet Balance: {}, 🏷️ FASTags Left: {}",
            "नमस्ते {1} 👋,\n💼आपका Wallet बैलेंस: {2}, 🏷️ बचे हुए FASTag: {3}"),
        TextPattern(
            "Sending OTP to your {} 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend",
            "आपके {1} पर OTP भेज रहे हैं 🔐\n6 अंकों का OTP टाइप करें\n🔁 OTP नहीं मिला? Resend लिखें"),
        TextPattern(
            "Thanks {} 🙌\nChoose your ID Proof type:\n1. PAN\n2. Passport\n3. Driving License\n4. Voter Id",
            "धन्यवाद {1} 🙌\nअपना ID प्रूफ चुनें:\n1. PAN\n2. पासपोर्ट\n3. ड्राइविंग लाइसेंस\n4. वोटर ID"),
        TextPattern("Enter the {} number:", "{1} नंबर डालें:"),
        TextPattern("Enter the {} expiry date (DD-MM-YYYY):", "{1} की एक्सपायरी तारीख डालें (DD-MM-YYYY):"),
        TextPattern("Select your Plan:\n{}", "अपना प्लान चुनें:\n{1}"),
        TextPattern(
            "The customer's wallet could not be created: {}\nPlease check the ID proof.",
            "ग्राहक का wallet नहीं बन पाया: {1}\nID प्रूफ चेक करें।"),
        TextPattern("Now please send the following image:\n{}", "अब यह फोटो भेजें:\n{1}"),
        TextPattern("Now please send the following {} images one by one:\n{}", "अब ये {1} फोटो एक-एक करके भेजें:\n{2}"),
        TextPattern("Available Barcodes:\n{}", "उपलब्ध Barcode:\n{1}"),
        TextPattern(
            "No available barcode ends with {}. Please check the serial number.",
            "{1} पर खत्म होने वाला कोई barcode उपलब्ध नहीं है। सीरियल नंबर चेक करें।"),
        TextPattern("Who is your Vehicle Maker?\n{}", "आपकी गाड़ी की कंपनी कौन सी है?\n{1}"),
        TextPattern("What is your Vehicle Model?\n{}", "आपकी गाड़ी का मॉडल कौन सा है?\n{1}"),
        TextPattern("What is your Vehicle Descriptor\n{}", "आपकी गाड़ी का डिस्क्रिप्टर (फ्यूल/ड्राइव) क्या है\n{1}"),
        TextPattern(
            "Checkout Details & edit if required\nVehicle no - {}\nPhone no - {}\nLast 5 digits of engine no - {}\n"
                + "{} - {}\nPlan - {}\nVehicle Maker - {}\nVehicle Model - {}\nVehicle Descriptor - {}\n"
                + "Vehicle Class - {}\nConfirm if entered details are correct with Yes or No?",
            "जानकारी चेक करें, ज़रूरत हो तो बदलें\nगाड़ी नंबर - {1}\nफ़ोन नंबर - {2}\nइंजन नंबर के आखिरी 5 अंक - {3}\n"
                + "{4} - {5}\nप्लान - {6}\nगाड़ी की कंपनी - {7}\nगाड़ी का मॉडल - {8}\nगाड़ी का डिस्क्रिप्टर - {9}\n"
                + "गाड़ी की क्लास - {10}\nसारी जानकारी सही है? हाँ या नहीं चुनें"),
        TextPattern(
            "Checkout Details & edit if required\nVehicle no - {}\nPhone no - {}\nNew Barcode No - {}\nReason - {}\n"
                + "Confirm if entered details are correct with Yes or No?",
            "जानकारी चेक करें, ज़रूरत हो तो बदलें\nगाड़ी नंबर - {1}\nफ़ोन नंबर - {2}\nनया Barcode नंबर - {3}\nकारण - {4}\n"
                + "सारी जानकारी सही है? हाँ या नहीं चुनें"),
        TextPattern("Others: {}", "अन्य: {1}"),
        TextPattern(
            "🎉 Success! Your FASTag has been Activated ✅\n\nCustomer Name: {}\nVehicle No: {}\nBarcode No: {}\n\n"
                + "📦 Your FASTag will be shipped shortly!\nNeed help? Visit {}\n\n💼 Wallet Balance: {}\n"
                + "🏷️ FASTags Left: {}\nLet's continue with the next one. 🚗",
            "🎉 बधाई हो! आपका FASTag एक्टिवेट हो गया ✅\n\nग्राहक का नाम: {1}\nगाड़ी नंबर: {2}\nBarcode नंबर: {3}\n\n"
                + "📦 आपका FASTag जल्द ही भेज दिया जाएगा!\nमदद चाहिए? {4} पर जाएं\n\n💼 Wallet बैलेंस: {5}\n"
                + "🏷️ बचे हुए FASTag: {6}\nचलिए, अगला शुरू करते हैं। 🚗"),
        TextPattern(
            "🎉 Success! Your FASTag has been Replaced ✅\n\nVehicle No: {}\nBarcode No: {}\n\n💼 Wallet Balance: {}\n"
                + "🏷️ FASTags Left: {}\nLet's continue with the next one. 🚗",
            "🎉 बधाई हो! आपका FASTag बदल दिया गया ✅\n\nगाड़ी नंबर: {1}\nBarcode नंबर: {2}\n\n💼 Wallet बैलेंस: {3}\n"
                + "🏷️ बचे हुए FASTag: {4}\nचलिए, अगला शुरू करते हैं। 🚗"),
        TextPattern(
            "Please wait {} seconds before asking for a new OTP.", "नया OTP मांगने से पहले {1} सेकंड रुकें।"),
        TextPattern("Please wait {} second before asking for a new OTP.", "नया OTP मांगने से पहले {1} सेकंड रुकें।"),
        TextPattern(
            "Sorry, I can't read a {} message. Please reply with text, a button or a photo.",
            "माफ़ कीजिए, मैं {1} मैसेज नहीं पढ़ सकता। टेक्स्ट, बटन या फोटो से जवाब दें।"),
        TextPattern(
            "Sorry, I can't read an {} message. Please reply with text, a button or a photo.",
            "माफ़ कीजिए, मैं {1} मैसेज नहीं पढ़ सकता। टेक्स्ट, बटन या फोटो से जवाब दें।"),
        TextPattern(
            "Showing {}–{} of {}; tap More… for the next ones. You can also type the number or the name of any of them.",
            "{3} में से {1}–{2} दिखा रहे हैं; आगे के लिए और देखें… दबाएं। किसी का भी नंबर या नाम टाइप भी कर सकते हैं।"),
        TextPattern(
            "Showing {}–{} of {}. You can also type the number or the name of any of them.",
            "{3} में से {1}–{2} दिखा रहे हैं। किसी का भी नंबर या नाम टाइप भी कर सकते हैं।"),
        TextPattern(
            "{} is not an Indian state code. Example: MH12AB1234.",
            "{1} किसी भारतीय राज्य का कोड नहीं है। उदाहरण: MH12AB1234।"),
        TextPattern("{} is not an Indian state code.", "{1} किसी भारतीय राज्य का कोड नहीं है।"),
        TextPattern("Please type the {}-digit OTP.", "{1} अंकों का OTP टाइप करें।"),
        TextPattern("Please type {}.", "{1} टाइप करें।"),
        TextPattern("{} is not a real date. Please send it as DD-MM-YYYY.", "{1} सही तारीख नहीं है। DD-MM-YYYY में भेजें।"),
        TextPattern("Unknown vehicle model {}.", "गाड़ी का मॉडल {1} पहचाना नहीं गया।"),
        TextPattern("Barcode {} is not available.", "Barcode {1} उपलब्ध नहीं है।"),
        TextPattern(
            "Barcode {} is for vehicle class {}, not {}.", "Barcode {1} vehicle class {2} के लिए है, {3} के लिए नहीं।"),

        // The vehicle class
        TextPattern(
            "The registry did not give this vehicle's class 🚚\nSelect the Vehicle Class:\n{}",
            "रजिस्ट्री से इस गाड़ी की क्लास नहीं मिली 🚚\nगाड़ी की क्लास (Vehicle Class) चुनें:\n{1}"),
        TextPattern(
            "You have no FASTag for Vehicle Class {}. Please get one, or reply menu to start again.",
            "आपके पास Vehicle Class {1} का कोई FASTag नहीं है। एक FASTag लें, या फिर से शुरू करने के लिए menu लिखें।"),
        TextPattern(
            "Barcode {} is a FASTag for Vehicle Class {}; this vehicle needs Vehicle Class {}.",
            "Barcode {1} Vehicle Class {2} का FASTag है; इस गाड़ी के लिए Vehicle Class {3} चाहिए।"),
        TextPattern(
            "Barcode {} is a FASTag for another vehicle class; this vehicle needs Vehicle Class {}.",
            "Barcode {1} किसी दूसरी Vehicle Class का FASTag है; इस गाड़ी के लिए Vehicle Class {2} चाहिए।"),

        // Photos: something else sent, several sent at once
        TextPattern(
            "That was an audio message. Please send the photo of {} as a photo (JPEG or PNG, up to 5 MB).",
            "यह ऑडियो मैसेज था। {1} की फोटो, फोटो के रूप में भेजें (JPEG या PNG, 5 MB तक)।"),
        TextPattern(
            "That was a {}. Please send the photo of {} as a photo (JPEG or PNG, up to 5 MB).",
            "यह {1} था। {2} की फोटो, फोटो के रूप में भेजें (JPEG या PNG, 5 MB तक)।"),
        TextPattern(
            "That was an {}. Please send the photo of {} as a photo (JPEG or PNG, up to 5 MB).",
            "यह {1} था। {2} की फोटो, फोटो के रूप में भेजें (JPEG या PNG, 5 MB तक)।"),
        TextPattern("✅ {} of {} photos received, now send {}", "✅ {2} में से {1} फोटो मिल गईं, अब {3} भेजें"),
        TextPattern("{} of {} photos received, now send {}", "{2} में से {1} फोटो मिलीं, अब {3} भेजें"),
        TextPattern("✅ {} of {} photos received", "✅ {2} में से {1} फोटो मिल गईं"),
        TextPattern("📄 RC Front: {}", "📄 RC आगे की तरफ: {1}"),
        TextPattern("📄 RC Back: {}", "📄 RC पीछे की तरफ: {1}"),
        TextPattern("📸 Vehicle Front: {}", "📸 गाड़ी आगे से: {1}"),
        TextPattern("📸 Vehicle Side: {}", "📸 गाड़ी साइड से: {1}"),
        TextPattern("📸 Tag Fixed (If available): {}", "📸 लगा हुआ Tag (अगर हो): {1}"),
    ]
}
