/* Camera check-in (issue 17): the desk reads badge QR codes with the
   laptop's or phone's camera. The browser's BarcodeDetector is used where
   it exists and reads QR codes; elsewhere frames are decoded with jsQR
   (static/vendor/jsQR-1.4.0.js). Typed codes and keyboard scanners keep
   working: the camera only fills the same form. Camera access needs a
   secure context (HTTPS, or http://127.0.0.1 / localhost). */
"use strict";

window.ConveneDeskCamera = (function () {
  const REPEAT_MS = 8000; // a badge out of view this long is read again when shown
  let stream = null;
  let detector = null;
  let timer = null;
  // last is the code read last and when, kept across the desk's reloads:
  // an online check-in lands on a new page with the badge still in view.
  const LAST = "convene-desk-camera-last";
  let last = JSON.parse(sessionStorage.getItem(LAST) || '{"code":"","at":0}');
  const canvas = document.createElement("canvas");

  // decodeCanvas reads a QR code from a canvas with jsQR: the text, or "".
  function decodeCanvas(c) {
    if (typeof window.jsQR !== "function" || !c.width || !c.height) {
      return "";
    }
    const img = c.getContext("2d", { willReadFrequently: true }).getImageData(0, 0, c.width, c.height);
    const found = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "attemptBoth" });
    return found ? found.data : "";
  }

  async function makeDetector() {
    if (!("BarcodeDetector" in window)) {
      return null;
    }
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (e) {
      return null;
    }
  }

  async function readFrame(video) {
    if (video.readyState < 2) {
      return "";
    }
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : "";
    }
    const scale = Math.min(1, 640 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0, canvas.width, canvas.height);
    return decodeCanvas(canvas);
  }

  function loop(video, onCode) {
    timer = setTimeout(async () => {
      let code = "";
      try {
        code = await readFrame(video);
      } catch (e) {
        code = "";
      }
      const now = Date.now();
      if (code) {
        // A badge still in view (read within REPEAT_MS) is not read again;
        // one taken away and shown again is.
        const still = code === last.code && now - last.at <= REPEAT_MS;
        last = { code: code, at: now };
        sessionStorage.setItem(LAST, JSON.stringify(last));
        if (!still) {
          onCode(code);
        }
      }
      if (stream) {
        loop(video, onCode);
      }
    }, 150);
  }

  async function start(video, status, onCode) {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      status.textContent = "The camera could not be opened (" + e.name + "). Type the code or use a scanner.";
      sessionStorage.removeItem("convene-desk-camera");
      return false;
    }
    detector = await makeDetector();
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    status.textContent = detector ? "Camera on: hold the badge's QR code to the camera." :
      "Camera on (jsQR): hold the badge's QR code to the camera.";
    sessionStorage.setItem("convene-desk-camera", "on");
    loop(video, onCode);
    return true;
  }

  function stop(video, status) {
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
    }
    stream = null;
    clearTimeout(timer);
    video.srcObject = null;
    video.hidden = true;
    status.textContent = "Camera off.";
    sessionStorage.removeItem("convene-desk-camera");
  }

  // setup shows the camera controls where the browser can open a camera.
  function setup(onCode) {
    const box = document.getElementById("camera");
    if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.isSecureContext) {
      return;
    }
    const button = document.getElementById("camera-toggle");
    const video = document.getElementById("camera-video");
    const status = document.getElementById("camera-status");
    box.hidden = false;
    const toggle = async () => {
      if (stream) {
        stop(video, status);
        button.textContent = "Scan with the camera";
      } else if (await start(video, status, onCode)) {
        button.textContent = "Stop the camera";
      }
    };
    button.addEventListener("click", toggle);
    // The camera stays on across the desk's reloads (each online check-in
    // lands on a new page): permission once given is not asked again.
    if (sessionStorage.getItem("convene-desk-camera") === "on") {
      toggle();
    }
  }

  return { setup: setup, decodeCanvas: decodeCanvas };
})();
