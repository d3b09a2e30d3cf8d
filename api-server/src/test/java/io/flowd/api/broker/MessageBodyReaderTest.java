package io.flowd.api.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a broker message's body becomes the trigger payload's {@code body}, or a poison message. */
class MessageBodyReaderTest {
  private static final int LIMIT = 1024;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void autoParsesJsonContentTypesAndKeepsOtherUtf8AsText() throws Exception {
    var json =
        MessageBodyReader.read(utf8("{\"a\": 1}"), "application/json; charset=utf-8", null, LIMIT);
    assertThat(json.encoding()).isEqualTo("json");
    assertThat(json.body().path("a").asInt()).isEqualTo(1);

    var text = MessageBodyReader.read(utf8("{\"a\": 1}"), "text/plain", "auto", LIMIT);
    assertThat(text.encoding()).isEqualTo("text");
    assertThat(text.body().asText()).isEqualTo("{\"a\": 1}");
  }

  @Test
  void binaryBodiesAreBase64() throws Exception {
    byte[] raw = {(byte) 0xff, 0, 1, 2};
    var read = MessageBodyReader.read(raw, null, "auto", LIMIT);
    assertThat(read.encoding()).isEqualTo("base64");
    assertThat(read.body().asText()).isEqualTo("/wABAg==");
    assertThat(MessageBodyReader.read(utf8("hi"), null, "binary", LIMIT).body().asText())
        .isEqualTo("aGk=");
  }

  @Test
  void anEmptyBodyIsNullUnlessJsonIsRequired() throws Exception {
    assertThat(MessageBodyReader.read(new byte[0], null, "text", LIMIT).encoding())
        .isEqualTo("none");
    assertThatThrownBy(() -> MessageBodyReader.read(new byte[0], null, "json", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class);
  }

  @Test
  void badJsonOversizedBodiesAndNulCharactersArePoison() {
    assertThatThrownBy(() -> MessageBodyReader.read(utf8("{not json"), null, "json", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () -> MessageBodyReader.read(utf8("{not json"), "application/json", "auto", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class);
    assertThatThrownBy(() -> MessageBodyReader.read(new byte[LIMIT + 1], null, "binary", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class)
        .hasMessageContaining("over the limit");
    assertThatThrownBy(() -> MessageBodyReader.read(utf8("a\0b"), null, "text", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class);
    assertThatThrownBy(() -> MessageBodyReader.read(utf8("\"a\\u0000b\""), null, "json", LIMIT))
        .isInstanceOf(MessageBodyReader.Poison.class);
  }

  @Test
  void aMessagesKeyIsStablePerTriggerAndDiffersAcrossTriggers() {
    assertThat(BrokerRunStarts.keyOf("fl_wf_1", "node_1", "message-id:a"))
        .isEqualTo(BrokerRunStarts.keyOf("fl_wf_1", "node_1", "message-id:a"))
        .isNotEqualTo(BrokerRunStarts.keyOf("fl_wf_1", "node_2", "message-id:a"))
        .isNotEqualTo(BrokerRunStarts.keyOf("fl_wf_2", "node_1", "message-id:a"));
  }
}
