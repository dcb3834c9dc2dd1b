package io.vaultfleet.console.ui;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

import tools.jackson.databind.json.JsonMapper;

/**
 * A chart drawn in the browser by Chart.js (MIT, from npm) through the small {@code <vf-chart>} web component in
 * {@code frontend/components/vf-chart.js}. Views give it a Chart.js configuration as maps and lists; setting a new
 * one redraws the chart in place.
 */
@Tag("vf-chart")
@NpmPackage(value = "chart.js", version = "4.5.1")
@JsModule("./components/vf-chart.js")
public class Chart extends Component implements HasSize {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Chart() {
        setHeight("260px");
    }

    /** The whole Chart.js configuration: {@code type}, {@code data}, {@code options}. */
    public void setConfiguration(Map<String, Object> configuration) {
        getElement().setProperty("config", JSON.writeValueAsString(configuration));
    }

    /** A bar or line chart with one label per category and one series per dataset. */
    public static Map<String, Object> categories(String type, List<String> labels, List<Map<String, Object>> datasets,
                                                 Map<String, Object> options) {
        return Map.of("type", type, "data", Map.of("labels", labels, "datasets", datasets), "options", options);
    }

    public static Map<String, Object> dataset(String label, List<? extends Number> values, String color) {
        return Map.of("label", label, "data", values, "backgroundColor", color, "borderColor", color);
    }
}
