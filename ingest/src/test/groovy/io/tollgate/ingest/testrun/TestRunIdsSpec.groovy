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
}
