import Foundation
import CloseEngine
import LedgerCore

/// The web's pages inside the one layout of every HTML page (`HTMLPage`): a bar with the
/// person, their role and the sign-out form, then the page. Text is escaped with `h`.
enum Layout {
    static func page(_ title: String, session: WebSession?, body: String, message: String? = nil, error: String? = nil) -> String {
        var top = ""
        if let session {
            let user = session.person.user
            top = """
                <nav><a href="/inbox">Inbox</a><a href="/dashboard">Dashboard</a>\
                <span class="muted">\(h(user.displayName)) (\(h(user.name)), \(h(user.role.rawValue)))\(session.person.signer == nil ? "" : ", signing key \(session.person.signer!.keyID)")</span>
                <form method="post" action="/logout">\(csrfField(session))<button type="submit">Sign out</button></form></nav>

                """
        }
        let notice = (message.map { "<p class=\"message\" id=\"message\">\(h($0))</p>\n" } ?? "")
            + (error.map { "<p class=\"error\" id=\"error\">\(h($0))</p>\n" } ?? "")
        return HTMLPage.document(title: title + " - close", body: top + "<h1>\(h(title))</h1>\n" + notice + body)
    }

    static func csrfField(_ session: WebSession) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(h(session.csrf))\">"
    }
}

/// Escapes text for a page: the one function of `HTMLPage`.
func h(_ text: String) -> String { HTMLPage.escape(text) }

/// An amount as a person reads it: thousands separators, the currency's decimals, its code.
func money(_ minor: Int64, _ currency: Currency) -> String {
    "\(Decimal10.format(minor, scale: currency.exponent, grouped: true)) \(currency.code)"
}

/// A query string value, percent-encoded (task ids hold slashes).
func query(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
}

/// A confidence in per mille as a percentage with one decimal: 950 -> "95.0%".
func percent(perMille: Int) -> String { "\(perMille / 10).\(abs(perMille % 10))%" }
