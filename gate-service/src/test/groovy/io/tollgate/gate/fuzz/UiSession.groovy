package io.tollgate.gate.fuzz

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** Signs in to the web UI with a token and keeps what a browser would: the cookie and the form's CSRF token. */
final class UiSession {
  final String cookie
  final String csrf

  private UiSession(String cookie, String csrf) {
    this.cookie = cookie
    this.csrf = csrf
  }

  static UiSession signIn(URI base, String token) {
    def http = HttpClient.newHttpClient()
    def login = http.send(HttpRequest.newBuilder(base.resolve("/ui/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, "UTF-8"))).build(),
        HttpResponse.BodyHandlers.ofString())
    assert login.statusCode() == 303
    String cookie = login.headers().allValues("Set-Cookie").find { it.startsWith("tollgate_session=") }.split(";")[0]
    def page = http.send(HttpRequest.newBuilder(base.resolve("/ui/gates/validate")).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString())
    def m = page.body() =~ /name="_csrf" value="([^"]+)"/
    assert m.find(): "no CSRF token on the page"
    new UiSession(cookie, m.group(1))
  }
}
