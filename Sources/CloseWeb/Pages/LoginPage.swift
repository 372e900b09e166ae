/// The sign-in form. Its own token (a cookie and a hidden field that must agree) keeps another
/// site from signing a person in as someone else.
enum LoginPage {
    static func render(formToken: String, error: String? = nil) -> String {
        Layout.page("Sign in", session: nil, body: """
            <form method="post" action="/login">
            <input type="hidden" name="csrf" value="\(h(formToken))">
            <p><label>User <input type="text" name="user" id="user" autocomplete="username" required maxlength="64"></label></p>
            <p><label>Password <input type="password" name="password" id="password" autocomplete="current-password" required maxlength="72"></label></p>
            <p><button type="submit" id="sign-in">Sign in</button></p>
            </form>
            <p class="muted">A password is set with <code>close users set-password USER</code>; a signing key with <code>close users keygen USER</code>.</p>
            """, error: error)
    }
}
