package io.tollgate.ingest.signature

import spock.lang.Specification

class MessageNormalizerSpec extends Specification {

  void "a message becomes a template: '#message'"() {
    expect:
    MessageNormalizer.normalize(message) == template

    where:
    message                                                                                  || template
    'Connection refused: connect to 10.42.3.17:5432'                                         || 'Connection refused: connect to <ip>'
    'Read timed out after 30000 ms'                                                          || 'Read timed out after <num> ms'
    'Order 8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60 not found'                                   || 'Order <uuid> not found'
    'User jane.doe+shop@example.co.uk is locked'                                             || 'User <email> is locked'
    'I/O error on GET request for "https://payments.internal:8443/v2/charge?id=77": Read timed out' || 'I/O error on GET request for "<url>": Read timed out'
    'deadline exceeded at 2024-11-03T14:22:05.123Z'                                          || 'deadline exceeded at <ts>'
    'lock wait timeout at 2024-11-03 14:22:05+01:00, retry later'                            || 'lock wait timeout at <ts>, retry later'
    'segfault at address 0x7ffd5e8c1a2b'                                                     || 'segfault at address <hex>'
    'object 3f9a1c7be2d4 missing from cache'                                                 || 'object <hex> missing from cache'
    'Duplicate entry for key order_2024_000193'                                              || 'Duplicate entry for key <id>'
    'canceling statement due to statement timeout'                                           || 'canceling statement due to statement timeout'
    'Index 7 out of bounds for length 3'                                                     || 'Index <num> out of bounds for length <num>'
    'upstream returned 503 Service Unavailable'                                              || 'upstream returned <num> Service Unavailable'
    'balance -12.50 is below limit 0'                                                        || 'balance <num> is below limit <num>'
    '  too   many\n  spaces\t'                                                               || 'too many spaces'
    'bad\u0000byte'                                                                          || 'badbyte'
    ''                                                                                       || ''
    null                                                                                     || ''
  }

  void "messages that differ only in variable parts share a template"() {
    expect:
    MessageNormalizer.normalize(a) == MessageNormalizer.normalize(b)

    where:
    a                                                               | b
    'timeout after 3012 ms talking to 10.0.3.7'                     | 'timeout after 2990 ms talking to 10.0.9.1'
    'Order 8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60 not found'          | 'Order 0c1d2e3f-0000-4000-8000-00000000abcd not found'
    'GET https://api.example.com/u/1 failed'                        | 'GET https://api.example.com/u/2?x=3 failed'
  }

  void "a very long message is cut to a bounded template"() {
    expect:
    MessageNormalizer.normalize('x' * 10_000).length() == MessageNormalizer.MAX_LENGTH
  }
}
