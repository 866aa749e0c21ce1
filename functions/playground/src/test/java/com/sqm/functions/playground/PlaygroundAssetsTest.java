package com.sqm.functions.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlaygroundAssetsTest {
  private final PlaygroundAssets assets = PlaygroundAssets.fromClasspath();

  @Test
  void shouldKeepNothing_whenManyUnknownNamesAreAskedFor() {
    long found =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "missing-" + i + ".js")
            .filter(name -> assets.find(name).isPresent())
            .count();

    assertThat(found).isZero();
    assertThat(assets.cachedCount()).isZero();
  }

  @Test
  void shouldKeepAFileOnce_whenItIsAskedForAgain() {
    var first = assets.find("app.js");
    var second = assets.find("app.js");
    assets.find("not-there.js");

    assertThat(first).isPresent();
    assertThat(second.orElseThrow()).isSameAs(first.orElseThrow());
    assertThat(assets.cachedCount()).isEqualTo(1);
  }
}
