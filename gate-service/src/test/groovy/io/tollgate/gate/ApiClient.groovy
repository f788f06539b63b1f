package io.tollgate.gate

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** A plain JDK HTTP client for specs, so assertions see exactly what a pipeline would. */
class ApiClient {
  static final String ADMIN = "test-admin-token-0123456789"

  final URI base
  final HttpClient http = HttpClient.newHttpClient()

  ApiClient(URI base) { this.base = base }

  Map call(String method, String path, String token = null, Object body = null,
           String contentType = "application/json", Map<String, String> headers = [:]) {
    def b = HttpRequest.newBuilder(base.resolve(path))
    if (token) b.header("Authorization", "Bearer $token")
    headers.each { k, v -> b.header(k, v) }
    def publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body instanceof String ? body : JsonOutput.toJson(body))
    if (body != null) b.header("Content-Type", contentType)
    def response = http.send(b.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString())
    def type = response.headers().firstValue("Content-Type").orElse("")
    def parsed = null
    if (type.contains("json") && response.body()) parsed = new JsonSlurper().parseText(response.body())
    [status: response.statusCode(), type: type, body: parsed, text: response.body(),
     headers: response.headers().map()]
  }

  Map get(String path, String token = null) { call("GET", path, token) }

  Map post(String path, String token, Object body) { call("POST", path, token, body) }

  Map delete(String path, String token) { call("DELETE", path, token) }
}
