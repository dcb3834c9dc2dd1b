package io.vaultfleet.console.recover;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.function.SerializableConsumer;

import io.vaultfleet.protocol.SealedPassphrase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another server's passphrase, typed in a plain {@code <input type="password">} (frontend
 * {@code components/vf-passphrase.js}) that is NOT synchronised to the server, unlike Vaadin's PasswordField: on
 * {@link #seal} the browser encrypts it with WebCrypto to the target agent's signed session key, clears the field and
 * sends back only the ciphertext.
 */
@Tag("vf-passphrase")
@JsModule("./components/vf-passphrase.js")
public class PassphraseField extends Component {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PassphraseField(String label) {
        getElement().setAttribute("label", label);
    }

    /** Shows {@code text} under the field (null clears it). */
    public void setError(String text) {
        getElement().setProperty("error", text == null ? "" : text);
    }

    /**
     * Seals what was typed to {@code publicKey} for {@code sessionId}; {@code sealed} gets the result, or null when the
     * field was empty; {@code failed} gets the browser's reason (no WebCrypto, a malformed key).
     */
    public void seal(String publicKey, String sessionId, SerializableConsumer<SealedPassphrase> sealed,
                     SerializableConsumer<String> failed) {
        getElement().callJsFunction("seal", publicKey, sessionId).then(String.class, json -> {
            JsonNode node = JSON.readTree(json);
            if (node.path("empty").asBoolean(false)) {
                sealed.accept(null);
                return;
            }
            sealed.accept(new SealedPassphrase(node.path("ephemeralPublicKey").asString(), node.path("iv").asString(),
                    node.path("ciphertext").asString()));
        }, failed);
    }
}
