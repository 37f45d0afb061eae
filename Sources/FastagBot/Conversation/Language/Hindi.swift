/// The dialogue in Hindi, as agents speak it: simple Hindi with the English words they use
/// (OTP, FASTag, wallet, barcode, RC, PAN, Resend, Retry, menu) in Latin letters; the
/// English's emoji, lines and values kept. Keyed by the exact English: a new English text
/// needs one line here (the catalog test, `HindiCatalogTests`, names the missing ones). A
/// sentence with values goes in `Hindi+Patterns.swift`.
enum Hindi {
    static let table = Translation(sentences: sentences, patterns: patterns)

    static let sentences: [String: String] = [
        // Login and menu
        "Please enter your registered mobile number to continue.": "आगे बढ़ने के लिए अपना रजिस्टर्ड मोबाइल नंबर डालें।",
        "OTP sent to your mobile. Please enter the 4-digit OTP.": "आपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।",
        "This number is not registered as a FASTag agent.": "यह नंबर FASTag एजेंट के रूप में रजिस्टर्ड नहीं है।",
        "That OTP is not correct.": "यह OTP सही नहीं है।",
        "That OTP has expired. A new one comes with your mobile number.":
            "यह OTP एक्सपायर हो गया है। मोबाइल नंबर डालने पर नया OTP आएगा।",
        "We could not send the OTP by SMS right now. Please try again in a minute.":
            "अभी SMS से OTP नहीं भेज पाए। एक मिनट बाद फिर से कोशिश करें।",
        "Please log in first.": "पहले लॉग इन करें।",
        "You are logged out. Send any message to log in again.":
            "आप लॉग आउट हो गए हैं। फिर से लॉग इन करने के लिए कोई भी मैसेज भेजें।",
        "Your login has expired.": "आपका लॉग इन एक्सपायर हो गया है।",
        "Your agent account is no longer active. Please contact your distributor.":
            "आपका एजेंट अकाउंट अब एक्टिव नहीं है। अपने डिस्ट्रीब्यूटर से बात करें।",
        "Your last session was idle for too long, so we started over.":
            "आपका पिछला सेशन बहुत देर तक रुका रहा, इसलिए हमने फिर से शुरू किया है।",
        "Assign a FASTag": "FASTag असाइन करें",
        "Replace a FASTag": "FASTag बदलें",
        "You have no FASTags left. Please get more FASTags, then choose again.":
            "आपके पास कोई FASTag नहीं बचा है। और FASTag लेकर फिर से चुनें।",
        "Okay, I will reply in Hindi from now on. Send English to switch back.":
            "ठीक है, अब से मैं हिंदी में जवाब दूँगा। वापस अंग्रेज़ी के लिए English भेजें।",
        "Okay, I will reply in English from now on. Send Hindi to switch to Hindi.":
            "ठीक है, अब से मैं अंग्रेज़ी में जवाब दूँगा। हिंदी के लिए Hindi भेजें।",

        // Assign
        "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)":
            "बस कुछ ही स्टेप में FASTag लगवाते हैं। 🚗\nअपना गाड़ी नंबर डालें (जैसे MH12AB1234)",
        "Got it ✅Share the last 5 digits of engine no.": "ठीक है ✅इंजन नंबर के आखिरी 5 अंक भेजें।",
        "Now send user's 10-digit Mobile Number:": "अब ग्राहक का 10 अंकों का मोबाइल नंबर भेजें:",
        "Too many wrong OTPs. Reply Resend to send the customer a new OTP.":
            "बहुत बार गलत OTP डाला गया। ग्राहक को नया OTP भेजने के लिए Resend लिखें।",
        "Share your FirstName": "अपना पहला नाम (FirstName) भेजें",
        "Share your LastName": "अपना उपनाम (LastName) भेजें",
        "Share your DOB (DD-MM-YYYY)/(Date-Month-Year)": "अपनी जन्म तारीख भेजें (DD-MM-YYYY)/(दिन-महीना-साल)",
        "PAN": "PAN",
        "Passport": "पासपोर्ट",
        "Driving License": "ड्राइविंग लाइसेंस",
        "Voter Id": "वोटर ID",
        "PAN No": "PAN नंबर",
        "Passport No": "पासपोर्ट नंबर",
        "Driving License No": "ड्राइविंग लाइसेंस नंबर",
        "Voter Id No": "वोटर ID नंबर",
        "No plan is available for you right now. Please contact support.":
            "अभी आपके लिए कोई प्लान उपलब्ध नहीं है। सपोर्ट से बात करें।",
        "✅ Customer wallet created.": "✅ ग्राहक का wallet बन गया।",
        "📄 RC Front": "📄 RC आगे की तरफ",
        "📄 RC Back": "📄 RC पीछे की तरफ",
        "📸 Vehicle Front": "📸 गाड़ी आगे से",
        "📸 Vehicle Side": "📸 गाड़ी साइड से",
        "📸 Tag Fixed (If available)": "📸 लगा हुआ Tag (अगर हो)",
        "Skip": "छोड़ें",
        "Please send a photo (JPEG or PNG, up to 5 MB).": "एक फोटो भेजें (JPEG या PNG, 5 MB तक)।",
        "That photo could not be read: it is damaged or not a whole image. Please send a photo (JPEG or PNG, up to 5 MB).":
            "यह फोटो पढ़ी नहीं जा सकी: फोटो खराब है या पूरी नहीं है। एक फोटो भेजें (JPEG या PNG, 5 MB तक)।",
        "That photo is larger than 5 MB. Please send a photo (JPEG or PNG, up to 5 MB).":
            "यह फोटो 5 MB से बड़ी है। एक फोटो भेजें (JPEG या PNG, 5 MB तक)।",
        "✅ All images received!\nEnter Last 4 digits of Serial Number(Barcode)":
            "✅ सारी फोटो मिल गईं!\nसीरियल नंबर (Barcode) के आखिरी 4 अंक डालें",
        "Yes": "हाँ",
        "OK. Please reply with the number or the full name from the list.": "ठीक है। लिस्ट में से नंबर या पूरा नाम लिखें।",
        "Please send the year in full (4 digits), for example 05-03-1990.":
            "साल पूरा (4 अंकों में) भेजें, जैसे 05-03-1990।",
        "Please send the year of birth in full (4 digits), for example 05-03-1990.":
            "जन्म का साल पूरा (4 अंकों में) भेजें, जैसे 05-03-1990।",
        "No": "नहीं",
        "Which detail do you want to change?": "आप कौन सी जानकारी बदलना चाहते हैं?",
        "Vehicle no": "गाड़ी नंबर",
        "Phone no": "फ़ोन नंबर",
        "Engine no": "इंजन नंबर",
        "ID proof": "ID प्रूफ",
        "Plan": "प्लान",
        "Barcode": "Barcode",
        "Vehicle Maker": "गाड़ी की कंपनी",
        "Vehicle Model": "गाड़ी का मॉडल",
        "Vehicle Descriptor": "गाड़ी का डिस्क्रिप्टर",
        "Vehicle Class": "गाड़ी की क्लास",

        // Replace
        "Let's replace a FASTag. 🔄\nPlease enter the Vehicle Number (e.g., MH12AB1234)":
            "चलिए FASTag बदलते हैं। 🔄\nगाड़ी नंबर डालें (जैसे MH12AB1234)",
        "Enter Last 4 digits of Serial Number(Barcode) of the new FASTag":
            "नए FASTag के सीरियल नंबर (Barcode) के आखिरी 4 अंक डालें",
        "Why is the FASTag being replaced?\n1. Tag Damaged\n2. Lost Tag\n3. Tag Not Working\n4. Others":
            "FASTag क्यों बदला जा रहा है?\n1. Tag खराब है\n2. Tag खो गया\n3. Tag काम नहीं कर रहा\n4. अन्य",
        "Tag Damaged": "Tag खराब है",
        "Lost Tag": "Tag खो गया",
        "Tag Not Working": "Tag काम नहीं कर रहा",
        "Others": "अन्य",
        "Reason": "कारण",
        "Please describe the reason in a few words:": "कुछ शब्दों में कारण बताएं:",
        "Please keep the reason under 200 characters.": "कारण 200 अक्षरों से कम में लिखें।",

        // Words that work everywhere
        "Resend works only when you are asked for an OTP.": "Resend तभी काम करता है जब आपसे OTP मांगा जाए।",
        "A new OTP has been sent.": "नया OTP भेज दिया गया है।",
        "The customer's OTP is already verified and can't be asked again. To change the vehicle or the mobile, answer No at the confirmation (the customer gets a new OTP), or reply menu to start again.":
            "ग्राहक का OTP पहले ही वेरिफाई हो चुका है, इसे दोबारा नहीं मांगा जा सकता। गाड़ी या मोबाइल बदलने के लिए कन्फर्मेशन पर नहीं चुनें (ग्राहक को नया OTP मिलेगा), या फिर से शुरू करने के लिए menu लिखें।",
        "The customer's wallet is already created with Shauryapay, so you can't go back before it. You can change the ID proof or the plan at the confirmation, or reply menu to start again.":
            "ग्राहक का wallet Shauryapay पर पहले ही बन चुका है, इसलिए इससे पहले वापस नहीं जा सकते। कन्फर्मेशन पर ID प्रूफ या प्लान बदल सकते हैं, या फिर से शुरू करने के लिए menu लिखें।",
        "What was already done is kept. Reply Retry to carry on from there.":
            "जो काम हो चुका है वह सेव है। वहीं से आगे बढ़ने के लिए Retry लिखें।",
        "Any reply tries the step that failed again; nothing done before it is repeated.":
            "कोई भी जवाब भेजने पर रुका हुआ स्टेप फिर से चलेगा; पहले का कोई काम दोबारा नहीं होगा।",
        "Retry": "Retry",
        "This is the first question.": "यह पहला सवाल है।",
        "Sorry, something went wrong on our side. Please send that again.":
            "माफ़ कीजिए, हमारी तरफ से कुछ गड़बड़ हो गई। कृपया फिर से भेजें।",
        "Something is missing in this session. Reply menu to start again.":
            "इस सेशन में कुछ जानकारी छूट गई है। फिर से शुरू करने के लिए menu लिखें।",
        "Please reply with one of the options (its number or its name).":
            "दिए गए विकल्पों में से एक चुनें (उसका नंबर या नाम लिखें)।",
        "Please choose:": "चुनें:",
        "More…": "और देखें…",
        "Choose": "चुनें",
        "Options": "विकल्प",

        // Refused answers
        "That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.":
            "यह सही गाड़ी नंबर नहीं है। उदाहरण: MH12AB1234 या 22BH1234AB।",
        "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.":
            "6, 7, 8 या 9 से शुरू होने वाला 10 अंकों का मोबाइल नंबर भेजें।",
        "Please send a name of up to 50 letters (spaces, dots, apostrophes and hyphens allowed).":
            "50 अक्षरों तक का नाम भेजें (स्पेस, डॉट, ' और - चल सकते हैं)।",
        "Please send the date as DD-MM-YYYY, for example 05-03-1990.": "तारीख DD-MM-YYYY में भेजें, जैसे 05-03-1990।",
        "The customer must be between 18 and 100 years old. Please check the date of birth.":
            "ग्राहक की उम्र 18 से 100 साल के बीच होनी चाहिए। जन्म तारीख चेक करें।",
        "This document has expired. Please use a valid ID proof.":
            "यह डॉक्यूमेंट एक्सपायर हो चुका है। कोई वैलिड ID प्रूफ दें।",
        "Please send the last 4 digits of the serial number.": "सीरियल नंबर के आखिरी 4 अंक भेजें।",
        "Please send the last 5 characters (letters or digits) of the engine number.":
            "इंजन नंबर के आखिरी 5 अक्षर या अंक भेजें।",
        "A PAN looks like ABCPE1234F (5 letters, 4 digits, 1 letter).":
            "PAN ऐसा दिखता है: ABCPE1234F (5 अक्षर, 4 अंक, 1 अक्षर)।",
        "This PAN does not belong to an individual (its 4th letter must be P).":
            "यह PAN किसी व्यक्ति का नहीं है (इसका चौथा अक्षर P होना चाहिए)।",
        "A passport number looks like A1234567 (1 letter, 7 digits).":
            "पासपोर्ट नंबर ऐसा दिखता है: A1234567 (1 अक्षर, 7 अंक)।",
        "A driving licence number looks like MH12 2015 1234567 (state, RTO, year, 7 digits).":
            "ड्राइविंग लाइसेंस नंबर ऐसा दिखता है: MH12 2015 1234567 (राज्य, RTO, साल, 7 अंक)।",
        "A Voter Id (EPIC) number looks like ABC1234567 (3 letters, 7 digits).":
            "वोटर ID (EPIC) नंबर ऐसा दिखता है: ABC1234567 (3 अक्षर, 7 अंक)।",
        // What "Please type {}." names.
        "the vehicle number": "गाड़ी नंबर",
        "the mobile number": "मोबाइल नंबर",
        "your mobile number": "अपना मोबाइल नंबर",
        "5 characters": "5 अक्षर या अंक",
        "the first name": "पहला नाम",
        "the last name": "उपनाम",
        "the date of birth": "जन्म तारीख",
        "the ID number": "ID नंबर",
        "the expiry date": "एक्सपायरी तारीख",
        "4 digits": "4 अंक",
        "one of the options": "कोई एक विकल्प",
        "the reason": "कारण",
        // What cannot be read ("Sorry, I can't read a {} message.").
        "audio": "ऑडियो", "video": "वीडियो", "sticker": "स्टिकर", "location": "लोकेशन", "document": "डॉक्यूमेंट",
        "contacts": "कॉन्टैक्ट", "interactive": "इंटरैक्टिव", "photo": "फोटो", "file": "फ़ाइल", "voice": "वॉइस",
        "unknown": "अनजान", "reaction": "रिएक्शन",

        // The provider's words (the sandbox's, and ours when Shauryapay gives none)
        "Shauryapay did not answer, try again.": "Shauryapay से जवाब नहीं आया, फिर से कोशिश करें।",
        "Invalid OTP. Please check and try again.": "OTP गलत है। चेक करके फिर से कोशिश करें।",
        "Insufficient wallet balance. Please recharge to continue.":
            "Wallet में बैलेंस कम है। आगे बढ़ने के लिए रिचार्ज करें।",
        "This ID proof is already linked to another mobile number.":
            "यह ID प्रूफ पहले से किसी दूसरे मोबाइल नंबर से जुड़ा है।",
        "Replacement request not found.": "FASTag बदलने की रिक्वेस्ट नहीं मिली।",
        "Agent not found.": "एजेंट नहीं मिला।",
        "No FASTags left. Please get more FASTags to continue.": "कोई FASTag नहीं बचा। आगे बढ़ने के लिए और FASTag लें।",
        "Session expired. Please start again.": "सेशन एक्सपायर हो गया। फिर से शुरू करें।",
        "Shauryapay refused the request.": "Shauryapay ने रिक्वेस्ट मना कर दी।",
        "Shauryapay did not confirm the request.": "Shauryapay ने रिक्वेस्ट कन्फर्म नहीं की।",

        // `help`: each step's hint
        "A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.":
            "रजिस्ट्रेशन नंबर, जैसे MH12AB1234, DL1CAB1234 या 22BH1234AB।",
        "The customer's 10-digit mobile number (it receives the OTP).":
            "ग्राहक का 10 अंकों का मोबाइल नंबर (इसी पर OTP आएगा)।",
        "The last 4 digits printed under the barcode of the FASTag.": "FASTag के barcode के नीचे छपे आखिरी 4 अंक।",
        "The number of the barcode in the list, or the whole barcode.": "लिस्ट में barcode का नंबर, या पूरा barcode।",
        "Pick the detail to change; you will see the summary again afterwards.":
            "बदलने वाली जानकारी चुनें; उसके बाद पूरी जानकारी फिर से दिखेगी।",
        "The number or the name of the maker in the list.": "लिस्ट में कंपनी का नंबर या नाम।",
        "The number or the name of the model in the list.": "लिस्ट में मॉडल का नंबर या नाम।",
        "The fuel or drive: the number or the name in the list.": "फ्यूल या ड्राइव: लिस्ट में उसका नंबर या नाम।",
        "The last 5 letters or digits of the engine number, from the RC.":
            "RC पर लिखे इंजन नंबर के आखिरी 5 अक्षर या अंक।",
        "The customer's first name, letters only.": "ग्राहक का पहला नाम, सिर्फ अक्षर।",
        "The customer's last name, letters only.": "ग्राहक का उपनाम, सिर्फ अक्षर।",
        "The date of birth as DD-MM-YYYY, for example 05-03-1990.": "जन्म तारीख DD-MM-YYYY में, जैसे 05-03-1990।",
        "1 PAN, 2 Passport, 3 Driving License or 4 Voter Id.": "1 PAN, 2 पासपोर्ट, 3 ड्राइविंग लाइसेंस या 4 वोटर ID।",
        "The number printed on the chosen ID proof.": "चुने गए ID प्रूफ पर छपा नंबर।",
        "The expiry date printed on the document, as DD-MM-YYYY.": "डॉक्यूमेंट पर छपी एक्सपायरी तारीख, DD-MM-YYYY में।",
        "The number or the name of a plan in the list.": "लिस्ट में प्लान का नंबर या नाम।",
        "The number or the name of the vehicle's class in the list.": "लिस्ट में गाड़ी की क्लास का नंबर या नाम।",
        "A photo of the fixed tag, or reply Skip if it is not fixed yet.":
            "लगे हुए Tag की फोटो, या अगर अभी नहीं लगा है तो छोड़ें चुनें।",
        "A clear photo (JPEG or PNG, up to 5 MB).": "साफ फोटो (JPEG या PNG, 5 MB तक)।",
        "The 6 digits the customer received; reply Resend for a new one.":
            "ग्राहक को मिले 6 अंक; नए OTP के लिए Resend लिखें।",
        "Yes to activate the FASTag, No to change a detail.":
            "FASTag एक्टिवेट करने के लिए हाँ, कोई जानकारी बदलने के लिए नहीं।",
        "Reply 1 to assign a new FASTag or 2 to replace one.":
            "नया FASTag असाइन करने के लिए 1, FASTag बदलने के लिए 2 लिखें।",
        "Your 10-digit mobile number, as registered with us.": "आपका 10 अंकों का मोबाइल नंबर, जो हमारे पास रजिस्टर्ड है।",
        "The 4 digits sent to you by SMS; reply Resend for a new one.":
            "SMS से आपको भेजे गए 4 अंक; नए OTP के लिए Resend लिखें।",
        "The last 4 digits printed under the barcode of the new FASTag.":
            "नए FASTag के barcode के नीचे छपे आखिरी 4 अंक।",
        "1 Tag Damaged, 2 Lost Tag, 3 Tag Not Working or 4 Others.":
            "1 Tag खराब है, 2 Tag खो गया, 3 Tag काम नहीं कर रहा या 4 अन्य।",
        "A few words on why the tag is replaced.": "Tag क्यों बदला जा रहा है, कुछ शब्दों में।",
        "Yes to send the customer the replacement OTP, No to change a detail.":
            "ग्राहक को FASTag बदलने का OTP भेजने के लिए हाँ, कोई जानकारी बदलने के लिए नहीं।",
    ]
}
