{
  mounted() {
    this.el.textContent = "drawn by the colocated hook";
    this.pushEvent("drawn", {});
  },
}
