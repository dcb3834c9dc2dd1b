// <vf-chart>: a Chart.js (MIT, npm "chart.js") chart the console's Java component Chart configures.
// The server sets the "config" property to a Chart.js configuration object (type, data, options); each new value
// updates the chart in place, so live dashboards do not flicker.
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);

class VfChart extends HTMLElement {
  constructor() {
    super();
    this._canvas = document.createElement('canvas');
    this._chart = null;
    this._config = null;
  }

  connectedCallback() {
    if (!this._canvas.isConnected) {
      this.style.display = 'block';
      this.style.position = 'relative';
      this.appendChild(this._canvas);
    }
    this._render();
  }

  disconnectedCallback() {
    if (this._chart) {
      this._chart.destroy();
      this._chart = null;
    }
  }

  set config(value) {
    this._config = typeof value === 'string' ? JSON.parse(value) : value;
    this._render();
  }

  get config() {
    return this._config;
  }

  _render() {
    if (!this._config || !this.isConnected) {
      return;
    }
    const options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false },
      this._config.options || {});
    if (this._chart && this._chart.config.type === this._config.type) {
      this._chart.data = this._config.data;
      this._chart.options = options;
      this._chart.update('none');
    } else {
      if (this._chart) {
        this._chart.destroy();
      }
      this._chart = new Chart(this._canvas, { type: this._config.type, data: this._config.data, options });
    }
    this.dataset.rendered = String((Number(this.dataset.rendered) || 0) + 1);
  }
}

customElements.define('vf-chart', VfChart);
