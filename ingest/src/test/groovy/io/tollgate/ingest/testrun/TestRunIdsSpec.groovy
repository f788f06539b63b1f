package io.tollgate.ingest.testrun

import java.nio.charset.StandardCharsets
import spock.lang.Specification

class TestRunIdsSpec extends Specification {

  void "the test.run.id of a JUnit report is read from its properties: #why"() {
    expect:
    TestRunIds.junit(xml.getBytes(StandardCharsets.UTF_8)) == Optional.ofNullable(id)

    where:
    why                                  | xml                                                                                                                                                  || id
    'Surefire suite property'            | '<testsuite name="s"><properties><property name="user.dir" value="/w"/><property name="test.run.id" value="ci-1234"/></properties><testcase name="a"/></testsuite>' || 'ci-1234'
    'value as element text'              | '<testsuites><testsuite name="s"><properties><property name="test.run.id">  nightly-9 </property></properties></testsuite></testsuites>'              || 'nightly-9'
    'none before the first case'         | '<testsuite name="s"><testcase name="a"/><properties><property name="test.run.id" value="late"/></properties></testsuite>'                      || null
    'no property'                        | '<testsuite name="s"><properties><property name="java.version" value="17"/></properties></testsuite>'                                              || null
    'blank'                              | '<testsuite><properties><property name="test.run.id" value="  "/></properties></testsuite>'                                                         || null
    'longer than a stored value'         | '<testsuite><properties><property name="test.run.id" value="' + 'x' * 513 + '"/></properties></testsuite>'                                          || null
    'not XML (a k6 summary)'             | '{"metrics":{}}'                                                                                                                                     || null
    'a DTD is not read'                  | '<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]><testsuite><properties><property name="test.run.id" value="&e;"/></properties></testsuite>' || null
  }

  void "the test.run.id of a k6 summary is read from what setup() returned: #why"() {
    expect:
    TestRunIds.declared(json.getBytes(StandardCharsets.UTF_8)) == Optional.ofNullable(id)

    where:
    why                                     | json                                                                                                       || id
    'handleSummary JSON, testRunId'         | '{"root_group":{"groups":[],"checks":[]},"options":{"noColor":false},"metrics":{},"setup_data":{"testRunId":"k6-88"}}' || 'k6-88'
    '--summary-export, test.run.id key'     | '{"root_group":{"groups":{},"checks":{}},"metrics":{"http_reqs":{"count":3}},"setup_data":{"token":"t","test.run.id":" ci-9 "}}' || 'ci-9'
    'testRunId wins over test.run.id'       | '{"setup_data":{"test.run.id":"b","testRunId":"a"},"metrics":{}}'                                            || 'a'
    'nested objects before it are skipped'  | '{"metrics":{"x":{"values":{"setup_data":{"testRunId":"no"}}}},"setup_data":{"users":[{"testRunId":"no"}],"testRunId":"yes"}}' || 'yes'
    'no setup_data (setup() returned none)' | '{"metrics":{}}'                                                                                              || null
    'not a string'                          | '{"metrics":{},"setup_data":{"testRunId":42}}'                                                               || null
    'setup_data not an object'              | '{"metrics":{},"setup_data":"k6-1"}'                                                                         || null
    'blank'                                 | '{"metrics":{},"setup_data":{"testRunId":"  "}}'                                                             || null
    'longer than a stored value'            | '{"metrics":{},"setup_data":{"testRunId":"' + 'x' * 513 + '"}}'                                                 || null
    'broken JSON'                           | '{"metrics":{},"setup_data":{"testRunId":'                                                                   || null
    'a JUnit report is still read as one'   | '  <testsuite><properties><property name="test.run.id" value="j-1"/></properties></testsuite>'              || 'j-1'
  }
}
