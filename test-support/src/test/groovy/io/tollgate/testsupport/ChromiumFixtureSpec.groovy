package io.tollgate.testsupport

import java.nio.file.Files
import org.openqa.selenium.By
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

class ChromiumFixtureSpec extends Specification {

  @Shared @AutoCleanup ChromiumFixture chromium = ChromiumFixture.start()
  @TempDir java.nio.file.Path dir

  void "headless Chromium renders a page at laptop size and writes a PNG screenshot"() {
    when:
    chromium.driver().get("data:text/html,<title>t</title><h1 id=x>Tollgate</h1>")
    def png = chromium.screenshot(dir.resolve("shots/page.png"))
    def size = chromium.driver().manage().window().size

    then:
    chromium.driver().findElement(By.id("x")).text == "Tollgate"
    Files.readAllBytes(png)[1..3] == "PNG".bytes as List
    size.width == 1366
    size.height == 900
  }
}
