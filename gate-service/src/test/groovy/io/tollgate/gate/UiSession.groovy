package io.tollgate.gate

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** Signs in to the web UI with a token and keeps what a browser would: the cookie and the form's CSRF token. */
final class UiSession {
  /** The Set-Cookie header of the sign-in, with its attributes. */
  final String setCookie

  final String cookie
  final String csrf

  private UiSession(String setCookie, String cookie, String csrf) {
    this.setCookie = setCookie
    this.cookie = cookie
    this.csrf = csrf
  }

  static UiSession signIn(URI base, String token, Map<String, String> headers = [:]) {
    def http = HttpClient.newHttpClient()
    def login = http.send(HttpRequest.newBuilder(base.resolve("/ui/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .with { b -> headers.each { k, v -> b.header(k, v) }; b }
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, "UTF-8"))).build(),
        HttpResponse.BodyHandlers.ofString())
    assert login.statusCode() == 303
    String setCookie = login.headers().allValues("Set-Cookie").find { it.startsWith("tollgate_session=") }
    String cookie = setCookie.split(";")[0]
    def page = http.send(HttpRequest.newBuilder(base.resolve("/ui/gates/validate")).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString())
    def m = page.body() =~ /name="_csrf" value="([^"]+)"/
    assert m.find(): "no CSRF token on the page"
    new UiSession(setCookie, cookie, m.group(1))
  }
}
