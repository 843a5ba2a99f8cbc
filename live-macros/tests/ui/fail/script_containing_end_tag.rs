fn main() {
    let _ = live_core::html! { <script>"a = \"</script>\";"</script> };
}
