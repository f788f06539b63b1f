package io.tollgate.ingest.otlp

import io.tollgate.ingest.testing.Otlp
import io.tollgate.ingest.testing.Workload
import java.nio.charset.StandardCharsets
import spock.lang.Specification

class OtlpDecoderSpec extends Specification {

  def request = new Workload(7, 1_700_000_000_000_000_000L, 3).next(20)

  void "otlp_proto decodes the serialized export request"() {
    expect:
    OtlpDecoder.traces(request.toByteArray(), OtlpEncoding.OTLP_PROTO) == request
  }

  void "otlp_json with hex trace and span ids decodes to the same request"() {
    given:
    byte[] json = Otlp.json(request)
    String text = new String(json, StandardCharsets.UTF_8)
    String firstTraceId = request.getResourceSpans(0).getScopeSpans(0).getSpans(0).traceId.toByteArray().encodeHex().toString()

    expect: 'the JSON carries ids as hex, as the Collector writes them'
    text.contains('"traceId":"' + firstTraceId + '"')

    and:
    OtlpDecoder.traces(json, OtlpEncoding.OTLP_JSON) == request
  }

  void "JSON from a producer that wrote base64 ids keeps them"() {
    given:
    String text = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAECAwQFBgcICQoLDA0ODw==","spanId":"AAECAwQFBgc=","name":"x"}]}]}]}'

    when:
    def span = OtlpDecoder.traces(text.getBytes(StandardCharsets.UTF_8), OtlpEncoding.OTLP_JSON)
        .getResourceSpans(0).getScopeSpans(0).getSpans(0)

    then:
    span.traceId.toByteArray() == (0..15).collect { it as byte } as byte[]
    span.spanId.toByteArray() == (0..7).collect { it as byte } as byte[]
  }

  void "#what is undecodable as #encoding"() {
    when:
    OtlpDecoder.traces(bytes, encoding)

    then:
    def e = thrown(UndecodableRecordException)
    e.message.startsWith(prefix)

    where:
    what              | bytes                                                                      | encoding                || prefix
    'garbage'         | [0xff, 0xff, 0xff, 0xff, 0x0f, 0x01] as byte[]                              | OtlpEncoding.OTLP_PROTO || 'invalid OTLP protobuf'
    'truncated proto' | truncate(new Workload(1, 0, 1).next(5).toByteArray())                      | OtlpEncoding.OTLP_PROTO || 'invalid OTLP protobuf'
    'invalid JSON'    | '{"resourceSpans": [ {'.getBytes(StandardCharsets.UTF_8)                   | OtlpEncoding.OTLP_JSON  || 'invalid OTLP JSON'
    'a JSON array'    | '[1,2,3]'.getBytes(StandardCharsets.UTF_8)                                 | OtlpEncoding.OTLP_JSON  || 'invalid OTLP JSON'
    'proto as JSON'   | new Workload(1, 0, 1).next(5).toByteArray()                                | OtlpEncoding.OTLP_JSON  || 'invalid OTLP JSON'
  }

  void "encodings are named as in the Collector's configuration"() {
    expect:
    OtlpEncoding.parse(name) == encoding

    where:
    name         || encoding
    'otlp_proto' || OtlpEncoding.OTLP_PROTO
    'OTLP_JSON'  || OtlpEncoding.OTLP_JSON
  }

  static byte[] truncate(byte[] b) {
    Arrays.copyOf(b, b.length - 7)
  }
}
